"""Tariff policy pages and each tariff in the site-wide search. A tariff is
found on the page that lists its service, at its row in the history."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cms.directory.models import Provider, Service
from cms.tariffs.models import Tariff, TariffPolicyPage
from cms.tariffs.templatetags.tariffs import tariff_price
from search import registry
from search.pages import follow_pages, listing_triggers, register_pages
from search.registry import SearchDocument, Trigger
from search.text import html_text, joined


def register_search():
    register_pages(
        TariffPolicyPage,
        key="tariff_page",
        label=_("Tariff policy"),
        text=policy_text,
        # The page that sets out the tariffs comes before news quoting them.
        boost=2.0,
    )
    registry.register(
        Tariff,
        key="tariff",
        label=_("Tariff"),
        weights={"title": "A", "body": "C"},
        visible=listed_tariffs,
        document=tariff_document,
        related=("provider", "service"),
        triggers=(
            # A page showing other services, or restricted, moves or hides tariffs.
            *listing_triggers(TariffPolicyPage),
            Trigger(
                Provider,
                stale=lambda provider: provider.tariffs.values_list("pk", flat=True),
            ),
            Trigger(
                Service,
                stale=lambda service: service.tariffs.values_list("pk", flat=True),
            ),
        ),
    )
    # A tariff's address is its page's.
    follow_pages("tariff", lambda page: None)


def policy_text(page):
    services = ", ".join(service.name for service in page.services.all())
    return joined(
        html_text(page.intro), f"{services}." if services else "", html_text(page.body)
    )


def shown_on():
    return TariffPolicyPage.objects.live().public()


def listed_tariffs():
    """Tariffs some public tariff page shows: a page listing no service in
    particular shows them all."""
    pages = shown_on()
    if pages.filter(services=None).exists():
        return Tariff.objects.all()
    return Tariff.objects.filter(service__in=pages.values("services"))


def tariff_page(service):
    """The public page that lists ``service`` by name, else one that lists
    every service."""
    # TODO: two queries per tariff; the city has a few dozen tariffs, and a
    # page lookup per run would serve thousands.
    pages = shown_on()
    return (
        pages.filter(services=service).order_by("-depth", "path").first()
        or pages.filter(Q(services=None)).order_by("depth", "path").first()
    )


def tariff_document(tariff):
    page = tariff_page(tariff.service)
    provider = tariff.provider.short_name if tariff.provider else ""
    return SearchDocument(
        type="tariff",
        pk=tariff.pk,
        # Rates of one service differ by their consumers and their date.
        title=joined(
            joined(tariff.service.name, provider, separator=": "),
            tariff.consumer_group,
            separator=" — ",
        ),
        body=joined(
            str(_("Tariff")),
            tariff_price(tariff),
            tariff.consumer_group,
            tariff.get_status_display(),
            tariff.decision,
        ),
        url=f"{page.get_url()}#tariff-{tariff.pk}" if page else "",
        date=tariff.valid_from,
    )
