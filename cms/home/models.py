from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.home.shortcuts import SHORTCUT_MODELS, quick_link_pages
from cms.news.models import NewsPage
from cms.pagecache.tags import type_tag


class HomePage(Page):
    """The city's front page: latest news, upcoming events, current outages and
    the way into the cabinet, the tariffs and payment."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    max_count = 1
    subpage_types = [
        "news.NewsIndexPage",
        "tariffs.TariffPolicyPage",
        "directory.ProviderDirectoryPage",
        "directory.PaymentPage",
        "home.ContentPage",
    ]

    latest_news_count = 5
    upcoming_events_count = 5
    outages_count = 10

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        published = NewsPage.objects.live().public().descendant_of(self)

        context.update(
            now=now,
            latest_news=published.stories()[: self.latest_news_count],
            upcoming_events=published.upcoming_events(now)[
                : self.upcoming_events_count
            ],
            outages=published.current_outages(now)[: self.outages_count],
            quick_links=quick_link_pages(self),
        )
        return context

    def page_cache_tags(self):
        """Its news, events and outages, and the shortcuts to other pages."""
        return [type_tag(NewsPage), *map(type_tag, SHORTCUT_MODELS.values())]

    def page_cache_expires(self, context):
        """The next moment a listed event starts or an outage starts or ends:
        the page then lists or labels it differently."""
        now = context.get("now")
        moments = [event.starts_at for event in context.get("upcoming_events", [])]
        for outage in context.get("outages", []):
            moments += [outage.starts_at, outage.ends_at]
        return min((m for m in moments if m and now and m > now), default=None)


class ContentPage(Page):
    """A plain page of text: about the portal, contacts, how to read a bill."""

    body = RichTextField(_("body"))

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = _("content page")

    def page_cache_tags(self):
        return []


@register_setting(icon="mail")
class SiteContacts(BaseSiteSetting):
    """How residents reach the portal's editors: shown in every page's footer."""

    organisation = models.CharField(
        _("organisation"),
        max_length=300,
        blank=True,
        help_text=_("Who runs the portal, e.g. the city council's housing department."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(
        _("city"),
        max_length=200,
        blank=True,
        help_text=_(
            "The city and region of the residents' dwellings, printed after the "
            "street on bills, e.g. «м. Павлоград, Дніпропетровська обл.»."
        ),
    )
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    panels = [
        FieldPanel("organisation"),
        FieldPanel("address"),
        FieldPanel("city"),
        FieldPanel("phone"),
        FieldPanel("email"),
    ]

    class Meta:
        verbose_name = _("site contacts")
