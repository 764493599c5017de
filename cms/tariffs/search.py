from django.utils.translation import gettext_lazy as _

from cms.tariffs.models import TariffPolicyPage
from search.pages import register_pages
from search.text import html_text, joined


def register_search():
    register_pages(
        TariffPolicyPage,
        key="tariff_page",
        label=_("Tariff policy"),
        text=lambda page: joined(html_text(page.intro), html_text(page.body)),
    )
