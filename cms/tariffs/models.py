from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.directory.models import EXAMPLE_HELP, Provider, Service
from cms.pagecache.tags import model_tag


class Unit(models.TextChoices):
    CUBIC_METRE = "m3", _("m³")
    GIGACALORIE = "gcal", _("Gcal")
    SQUARE_METRE_MONTH = "m2_month", _("m² per month")
    PERSON_MONTH = "person_month", _("person per month")
    TONNE = "tonne", _("tonne")


#: How a quantity in each unit is written after the number on a bill or a page.
QUANTITY_UNITS = {
    Unit.CUBIC_METRE: _("m³"),
    Unit.GIGACALORIE: _("Gcal"),
    Unit.SQUARE_METRE_MONTH: _("m²"),
    Unit.PERSON_MONTH: _("pers."),
    Unit.TONNE: _("t"),
}


def quantity_unit(code):
    """``m2_month`` -> ``m²``; an unknown code (from an export) is shown as sent."""
    return QUANTITY_UNITS.get(code, code)


class TariffQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Tariff.Status.APPROVED)

    def in_force(self, on):
        """Approved tariffs whose period covers the date ``on``."""
        return self.approved().filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
        )


class Tariff(ClusterableModel):
    """The price a provider charges per unit of a service to one group of
    consumers, for a period, as set by the regulator or the city. History is
    kept: a charge refers to the tariff that was in force in its month."""

    class Status(models.TextChoices):
        APPROVED = "approved", _("approved")
        PROPOSED = "proposed", _("proposed, not approved")
        DRAFT = "draft", _("draft decision")

    provider = models.ForeignKey(
        Provider,
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="tariffs",
        null=True,
        blank=True,
        help_text=_("Empty for a tariff set for one building's association."),
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        related_name="tariffs",
    )
    consumer_group = models.CharField(_("consumer group"), max_length=200)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    price = models.DecimalField(
        _("price with VAT, UAH"), max_digits=12, decimal_places=4
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.APPROVED
    )
    decision = models.TextField(_("decision"), blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    is_example = models.BooleanField(
        _("example value"), default=False, help_text=EXAMPLE_HELP
    )

    objects = TariffQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("provider"),
                FieldPanel("service"),
                FieldPanel("consumer_group"),
            ],
            heading=_("What"),
        ),
        MultiFieldPanel(
            [FieldPanel("price"), FieldPanel("unit"), FieldPanel("status")],
            heading=_("Price"),
        ),
        MultiFieldPanel(
            [FieldPanel("valid_from"), FieldPanel("valid_to")], heading=_("Period")
        ),
        FieldPanel("decision"),
        FieldPanel("source_url"),
        FieldPanel("is_example"),
        InlinePanel("cost_items", label=_("Cost structure")),
    ]

    class Meta:
        ordering = ["service__sort_order", "provider__short_name", "-valid_from"]
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")

    def __str__(self):
        return f"{self.service} — {self.price} ({self.consumer_group})"

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": _("A tariff cannot end before it starts.")}
            )
        if self.price is not None and self.price < 0:
            raise ValidationError({"price": _("A price cannot be negative.")})


class TariffCostItem(Orderable):
    """One line of a tariff's cost structure, e.g. purchased water 48.3 %."""

    tariff = ParentalKey(Tariff, on_delete=models.CASCADE, related_name="cost_items")
    name = models.CharField(_("cost item"), max_length=200)
    share_percent = models.DecimalField(
        _("share, %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    amount = models.DecimalField(
        _("amount per unit, UAH"),
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
    )

    panels = [FieldPanel("name"), FieldPanel("share_percent"), FieldPanel("amount")]

    def __str__(self):
        return self.name


class ConsumptionNorm(models.Model):
    """A consumption norm set by the city: how much of a service a person is
    deemed to use in a month when there is no meter."""

    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        related_name="norms",
    )
    category = models.CharField(_("dwelling category"), max_length=200)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    value = models.DecimalField(_("norm"), max_digits=10, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=120)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)

    panels = [
        FieldPanel("service"),
        FieldPanel("category"),
        FieldPanel("code"),
        FieldPanel("value"),
        FieldPanel("unit"),
        FieldPanel("valid_from"),
        FieldPanel("decision"),
        FieldPanel("notes"),
        FieldPanel("source_url"),
    ]

    class Meta:
        ordering = ["service__sort_order", "-value"]
        verbose_name = _("consumption norm")
        verbose_name_plural = _("consumption norms")

    def __str__(self):
        return f"{self.category}: {self.value} {self.unit}"


class TariffPolicyPage(Page):
    """A page of the city's tariff policy: how tariffs are set, the tariffs in
    force for the chosen services, their cost structure and their history."""

    intro = RichTextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)
    services = ParentalManyToManyField(
        Service,
        verbose_name=_("services shown"),
        blank=True,
        help_text=_("Leave empty to show the tariffs of every service."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("services", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    api_fields = [APIField("intro"), APIField("body")]
    subpage_types = ["tariffs.TariffPolicyPage"]

    class Meta:
        verbose_name = _("tariff policy page")

    def get_context(self, request, *args, **kwargs):
        # queries.py builds on Tariff above, so it is imported here, not at the top.
        from cms.tariffs import queries

        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        services = list(self.services.all()) or None

        in_force = queries.tariffs_in_force(today, services)
        in_force_ids = {tariff.pk for tariff in in_force}

        history = queries.tariff_history(services)
        for tariff in history:
            tariff.state = queries.tariff_state(tariff, today, in_force_ids)
            tariff.state_label = queries.TariffState.LABELS[tariff.state]

        context.update(
            today=today,
            tariff_groups=queries.group_by_service(in_force),
            history=history,
            has_examples=any(tariff.is_example for tariff in history),
        )
        return context

    def page_cache_tags(self):
        return [
            model_tag(Tariff),
            model_tag(TariffCostItem),
            model_tag(Provider),
            model_tag(Service),
        ]

    def page_cache_expires(self, context):
        """The next midnight in Kyiv: the page shows the tariffs of the day."""
        today = context.get("today")
        if today is None:
            return None
        return timezone.make_aware(datetime.combine(today + timedelta(days=1), time()))
