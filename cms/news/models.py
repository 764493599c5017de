import re

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.directory.models import Provider
from cms.news.addresses import validate_houses
from cms.pagecache.tags import children_tag, model_tag


class NewsKind(models.TextChoices):
    NEWS = "news", pgettext_lazy("kind of news item", "News")
    CAMPAIGN = "campaign", _("Campaign")
    EVENT = "event", _("Event")
    TARIFF_CHANGE = "tariff_change", _("Tariff change")
    OUTAGE = "outage", _("Outage")


# A page number of the news list; a longer one is not cached.
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,3}")

# Kinds that are stories to read rather than something happening at a time.
STORY_KINDS = [NewsKind.NEWS, NewsKind.CAMPAIGN, NewsKind.TARIFF_CHANGE]


class NewsPageQuerySet(PageQuerySet):
    def newest_first(self):
        return self.order_by("-date", "-first_published_at", "-pk")

    def stories(self):
        return self.filter(kind__in=STORY_KINDS).newest_first()

    def upcoming_events(self, now):
        return self.filter(kind=NewsKind.EVENT, starts_at__gt=now).order_by("starts_at")

    def current_outages(self, now):
        """Outages going on or planned: not ended yet, or with no end announced."""
        # TODO: an outage published without an end stays listed until an editor
        # sets one; a default duration per provider would let it expire by itself.
        return self.filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=now), kind=NewsKind.OUTAGE
        ).order_by("starts_at")


class NewsIndexPage(Page):
    """The list of the city's news, campaigns, events, tariff changes and
    outage notices, newest first."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["news.NewsPage"]
    max_count = 1
    page_size = 10

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        kind = self.chosen_kind(request)

        items = NewsPage.objects.live().public().child_of(self).newest_first()
        if kind:
            items = items.filter(kind=kind)
        page_of_items = Paginator(items, self.page_size).get_page(
            request.GET.get("page")
        )

        context.update(
            kinds=NewsKind.choices,
            kind=kind,
            news_items=page_of_items,
        )
        return context

    def page_cache_tags(self):
        return [children_tag(self.pk)]

    def page_cache_query(self, params):
        """A known kind and a page number: a bounded number of lists."""
        return (
            set(params) <= {"kind", "page"}
            and params.get("kind", "") in ["", *NewsKind.values]
            and bool(PAGE_NUMBER.fullmatch(params.get("page", "1")))
        )

    def page_cache_keeps(self, context):
        """Only a page of the list that exists: a number past the end shows
        the last page, and would be one more copy of it."""
        news_items = context.get("news_items")
        asked = context["request"].GET.get("page", "1")
        return news_items is not None and str(news_items.number) == asked

    def chosen_kind(self, request):
        """The ?kind= filter when it names a known kind, else no filter."""
        kind = request.GET.get("kind", "")
        return kind if kind in NewsKind.values else ""


class NewsPage(Page):
    """One item published by the city or a provider's press office: a news
    story, a campaign, an event, a tariff change or a planned or emergency outage."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=NewsKind.choices, default=NewsKind.NEWS
    )
    date = models.DateField(_("publication date"))
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = RichTextField(_("body"))
    starts_at = models.DateTimeField(
        _("starts"), null=True, blank=True, help_text=_("For events and outages.")
    )
    ends_at = models.DateTimeField(
        _("ends"), null=True, blank=True, help_text=_("For events and outages.")
    )
    location = models.CharField(
        _("place or affected streets"), max_length=500, blank=True
    )
    provider = models.ForeignKey(
        Provider,
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("starts_at"),
                FieldPanel("ends_at"),
                FieldPanel("location"),
                FieldPanel("provider"),
            ],
            heading=_("Event or outage"),
        ),
        InlinePanel(
            "affected_addresses",
            heading=_("Addresses the outage reaches"),
            label=_("Address"),
            help_text=_(
                "Residents linked to a dwelling at these addresses are told "
                "when the outage is published."
            ),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("location"),
        index.FilterField("kind"),
        index.FilterField("date"),
    ]
    api_fields = [
        APIField("kind"),
        APIField("date"),
        APIField("summary"),
        APIField("body"),
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("location"),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    objects = PageManager.from_queryset(NewsPageQuerySet)()

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def clean(self):
        super().clean()
        needs_start = self.kind in (NewsKind.EVENT, NewsKind.OUTAGE)
        if needs_start and not self.starts_at:
            raise ValidationError({"starts_at": _("An event or outage needs a start.")})
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError(
                {"ends_at": _("The end cannot come before the start.")}
            )

    def page_cache_tags(self):
        """The provider it names, with the provider's phones."""
        return [model_tag(Provider, self.provider_id)] if self.provider_id else []

    @property
    def has_times(self):
        return self.kind in (NewsKind.EVENT, NewsKind.OUTAGE) and bool(self.starts_at)


class OutageAddress(Orderable):
    """A street, and the houses on it, that an outage reaches."""

    page = ParentalKey(
        NewsPage, on_delete=models.CASCADE, related_name="affected_addresses"
    )
    street = models.CharField(_("street"), max_length=200)
    houses = models.CharField(
        _("houses"),
        max_length=200,
        blank=True,
        validators=[validate_houses],
        help_text=_("Numbers and ranges, e.g. 1–15, 17. Empty: the whole street."),
    )

    panels = [FieldPanel("street"), FieldPanel("houses")]

    class Meta(Orderable.Meta):
        verbose_name = _("address the outage reaches")
        verbose_name_plural = _("addresses the outage reaches")

    def __str__(self):
        return f"{self.street} {self.houses}".strip()
