"""The directories in the site-wide search: their pages, each provider and
each bank branch that takes utility payments, found where the city lists them."""

from django.utils.translation import gettext_lazy as _

from cms.directory.models import (
    BankBranch,
    PaymentPage,
    Provider,
    ProviderDirectoryPage,
)
from search import registry
from search.pages import follow_pages, listing_triggers, register_pages
from search.registry import SearchDocument
from search.text import html_text, joined


def register_search():
    register_pages(
        ProviderDirectoryPage,
        key="provider_directory",
        label=_("Directory of providers"),
        text=lambda page: html_text(page.intro),
    )
    register_pages(
        PaymentPage,
        key="payment_page",
        label=_("Where and how to pay"),
        text=lambda page: joined(html_text(page.intro), html_text(page.body)),
        # The city's own answer to "where do I pay" comes before any mention.
        boost=2.0,
    )
    registry.register(
        Provider,
        key="provider",
        label=_("Provider"),
        weights={"title": "A", "body": "B"},
        visible=lambda: listed_on(ProviderDirectoryPage, Provider.objects.all()),
        document=provider_document,
        triggers=listing_triggers(ProviderDirectoryPage),
        # A provider's own card answers its name before the pages naming it.
        boost=2.0,
    )
    registry.register(
        BankBranch,
        key="bank_branch",
        label=_("Bank or post office branch"),
        weights={"title": "B", "body": "C"},
        visible=lambda: listed_on(
            PaymentPage, BankBranch.objects.filter(takes_utility_payments=True)
        ),
        document=branch_document,
        triggers=listing_triggers(PaymentPage),
    )
    follow_pages("provider", lambda page: None)
    follow_pages("bank_branch", lambda page: None)


def listed_on(model, objects):
    """``objects`` while a public page of ``model`` lists them, else none:
    a result must lead somewhere anyone may open."""
    return objects if model.objects.live().public().exists() else objects.none()


def page_url(model, anchor=""):
    # TODO: one query per document; fine for the city's few dozen providers
    # and branches, to be read once per run when a city lists thousands.
    page = model.objects.live().public().first()
    return f"{page.get_url()}{anchor}" if page else ""


def provider_document(provider):
    services = ", ".join(service.name for service in provider.services.all())
    return SearchDocument(
        type="provider",
        pk=provider.pk,
        title=provider.short_name,
        body=joined(provider.name, services, provider.address, provider.description),
        url=page_url(ProviderDirectoryPage, f"#provider-{provider.pk}"),
    )


def branch_document(branch):
    return SearchDocument(
        type="bank_branch",
        pk=branch.pk,
        title=joined(branch.bank, branch.name),
        body=joined(
            str(_("Takes payments for utility services.")),
            branch.address,
            branch.hours,
            branch.commission_note,
        ),
        url=page_url(PaymentPage, f"#branch-{branch.pk}"),
    )
