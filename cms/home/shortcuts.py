"""The home page's shortcuts to the pages residents look for most."""

from django.contrib.contenttypes.models import ContentType

from cms.directory.models import PaymentPage, ProviderDirectoryPage
from cms.news.models import NewsIndexPage
from cms.tariffs.models import TariffPolicyPage

# Keys the home template uses, in the order the shortcuts are shown.
SHORTCUT_MODELS = {
    "tariffs": TariffPolicyPage,
    "payment": PaymentPage,
    "providers": ProviderDirectoryPage,
    "news": NewsIndexPage,
}


def quick_link_pages(home):
    """``{"tariffs": page, "payment": page, ...}`` for the first
    live page of each kind under ``home``; a kind without a page is left out."""
    content_types = ContentType.objects.get_for_models(*SHORTCUT_MODELS.values())
    key_by_type = {
        content_types[model].pk: key for key, model in SHORTCUT_MODELS.items()
    }
    pages = (
        home.get_descendants()
        .live()
        .public()
        .filter(content_type_id__in=key_by_type)
        .order_by("path")
    )

    found = {}
    for page in pages:
        found.setdefault(key_by_type[page.content_type_id], page)
    return found
