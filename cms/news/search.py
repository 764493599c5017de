from django.utils.translation import gettext_lazy as _

from cms.news.models import NewsKind, NewsPage
from search.pages import register_pages
from search.text import html_text, joined


def register_search():
    register_pages(
        NewsPage,
        key="news",
        label=_("News"),
        text=lambda page: joined(page.summary, html_text(page.body), page.location),
        date=lambda page: page.date,
        kind=lambda page: page.kind,
        kinds=dict(NewsKind.choices),
    )
