from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


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

    class Meta:
        verbose_name = _("home page")


class ContentPage(Page):
    """A plain page of text: about the portal, contacts, how to read a bill."""

    body = RichTextField(_("body"))

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = _("content page")
