from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.directory.validators import validate_edrpou, validate_iban
from cms.pagecache.tags import model_tag

REQUISITES_PERMISSION = "directory.change_provider_requisites"

EXAMPLE_HELP = _(
    "Tick when some values are illustrative demo data, not published by the "
    "organisation. The site then marks them as an example."
)


class Service(models.Model):
    """A kind of utility service a dwelling receives: water supply, sewerage,
    central heating, hot water, building maintenance, waste removal."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("order on bills"), default=100)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self):
        return self.name


class Provider(index.Indexed, models.Model):
    """An enterprise that supplies a utility service to the city's residents and
    is paid for it: a water utility, a heat supplier, a waste hauler."""

    code = models.SlugField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("Short code used in billing exports, e.g. PVK."),
    )
    name = models.CharField(_("full legal name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=120)
    edrpou = models.CharField(
        _("ЄДРПОУ"), max_length=8, blank=True, validators=[validate_edrpou]
    )
    iban = models.CharField(
        _("IBAN"), max_length=34, blank=True, validators=[validate_iban]
    )
    bank_name = models.CharField(_("bank"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phones = models.CharField(_("phones"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    services = models.ManyToManyField(
        Service, verbose_name=_("services"), related_name="providers", blank=True
    )
    description = models.TextField(_("description"), blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    is_example = models.BooleanField(
        _("contains example values"), default=False, help_text=EXAMPLE_HELP
    )
    example_note = models.CharField(
        _("what is an example"),
        max_length=300,
        blank=True,
        help_text=_("Which values are illustrative, e.g. 'ЄДРПОУ, IBAN, address'."),
    )
    is_retail = models.BooleanField(
        _("bills residents"),
        default=True,
        help_text=_("Untick for upstream suppliers listed for reference only."),
    )

    # What residents pay to, and what billing exports are matched by, is kept
    # by administrators; editors keep the descriptive fields.
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("code", permission=REQUISITES_PERMISSION),
                FieldPanel("name"),
                FieldPanel("short_name"),
            ],
            heading=_("Name"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("edrpou", permission=REQUISITES_PERMISSION),
                FieldPanel("iban", permission=REQUISITES_PERMISSION),
                FieldPanel("bank_name", permission=REQUISITES_PERMISSION),
            ],
            heading=_("Requisites"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phones"),
                FieldPanel("email"),
                FieldPanel("website"),
                FieldPanel("hours"),
            ],
            heading=_("Contacts"),
        ),
        FieldPanel("services", permission=REQUISITES_PERMISSION),
        FieldPanel("description"),
        FieldPanel("is_retail", permission=REQUISITES_PERMISSION),
        MultiFieldPanel(
            [
                FieldPanel("source_url"),
                FieldPanel("is_example"),
                FieldPanel("example_note"),
            ],
            heading=_("Source"),
        ),
    ]

    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        index.SearchField("description"),
        index.FilterField("code"),
    ]

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        permissions = [
            (
                "change_provider_requisites",
                _("Can change a provider's code, requisites and services"),
            )
        ]

    def __str__(self):
        return self.short_name

    @property
    def distinct_full_name(self):
        """The full legal name where it says more than the short one, else "":
        some payees are known only by their short name."""
        return "" if self.name == self.short_name else self.name


class BankBranch(models.Model):
    """A bank branch or post office in the city where residents can pay for
    utilities in cash or by card."""

    bank = models.CharField(_("bank"), max_length=200)
    name = models.CharField(_("branch"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300)
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    takes_utility_payments = models.BooleanField(
        _("takes utility payments"), default=True
    )
    commission_note = models.CharField(_("commission"), max_length=200, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    is_example = models.BooleanField(
        _("contains example values"), default=False, help_text=EXAMPLE_HELP
    )

    panels = [
        FieldPanel("bank"),
        FieldPanel("name"),
        FieldPanel("address"),
        FieldPanel("hours"),
        FieldPanel("phone"),
        FieldPanel("takes_utility_payments"),
        FieldPanel("commission_note"),
        FieldPanel("source_url"),
        FieldPanel("is_example"),
    ]

    class Meta:
        ordering = ["bank", "address"]
        verbose_name = _("bank branch")
        verbose_name_plural = _("bank branches")

    def __str__(self):
        return f"{self.bank}, {self.address}"


class PublicPlace(models.Model):
    """A public office or service point residents may need: the administrative
    services centre, the social-protection office, an emergency water point."""

    class Kind(models.TextChoices):
        CITY_COUNCIL = "city_council", _("City council")
        CNAP = "cnap", _("Administrative services centre")
        SOCIAL_PROTECTION = "social_protection", _("Social protection office")
        HOUSING_DEPARTMENT = "municipal_housing_department", _("Housing department")
        PUBLIC_VENUE = "public_venue", _("Public venue")
        WATER_POINT = "emergency_water_point", _("Emergency drinking-water point")
        WATER_DELIVERY = "water_delivery_point", _("Drinking-water delivery point")

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("address"),
        FieldPanel("hours"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("website"),
        FieldPanel("notes"),
        FieldPanel("source_url"),
    ]

    class Meta:
        ordering = ["kind", "name", "address"]
        verbose_name = _("public place")
        verbose_name_plural = _("public places")

    def __str__(self):
        return f"{self.name} ({self.address})" if self.address else self.name


class ProviderDirectoryPage(Page):
    """The directory of the utility providers serving the city, with their
    requisites, contacts and services."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    max_count = 1
    subpage_types = []

    class Meta:
        verbose_name = _("provider directory")

    def page_cache_tags(self):
        return [model_tag(Provider), model_tag(Service)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        providers = list(Provider.objects.prefetch_related("services"))

        context.update(
            retail_providers=[p for p in providers if p.is_retail],
            reference_providers=[p for p in providers if not p.is_retail],
            has_examples=any(p.is_example for p in providers),
        )
        return context


class PaymentPage(Page):
    """Where and how to pay: the cabinet that shows what is owed, bank
    branches and post offices that take utility payments, and each provider's
    requisites for a bank transfer."""

    intro = RichTextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    max_count = 1
    subpage_types = []

    class Meta:
        verbose_name = _("payment page")

    def page_cache_tags(self):
        return [model_tag(BankBranch), model_tag(Provider)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        branches = list(BankBranch.objects.filter(takes_utility_payments=True))
        # Only enterprises that bill residents are paid by bank transfer.
        payees = list(Provider.objects.filter(is_retail=True).exclude(iban=""))

        context.update(
            bank_branches=branches,
            branch_phones=any(branch.phone for branch in branches),
            payees=payees,
            has_examples=any(row.is_example for row in [*branches, *payees]),
        )
        return context
