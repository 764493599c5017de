from django.utils.translation import gettext_lazy as _

from cms.home.models import ContentPage
from search.pages import register_pages
from search.text import html_text


def register_search():
    register_pages(
        ContentPage,
        key="content_page",
        label=_("Page"),
        text=lambda page: html_text(page.body),
    )
