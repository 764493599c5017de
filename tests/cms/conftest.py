"""A minimal site tree for the editorial pages, built inside the tests.

Wagtail's root -> HomePage (the default Site's root) -> one page of each kind.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page, Site

from cms.directory.models import PaymentPage, ProviderDirectoryPage
from cms.home.models import ContentPage, HomePage
from cms.news.models import NewsIndexPage, NewsKind, NewsPage
from cms.tariffs.models import TariffPolicyPage


def add_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def home_page(db):
    root = Page.get_first_root_node()
    Site.objects.all().delete()
    home = root.add_child(
        instance=HomePage(
            title="Комунальний портал", slug="city", intro="<p>Вітаємо</p>"
        )
    )
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True
    )
    return home


@pytest.fixture
def news_index(home_page):
    return add_child(
        home_page, NewsIndexPage(title="Новини", slug="news", show_in_menus=True)
    )


@pytest.fixture
def tariff_page(home_page):
    return add_child(
        home_page, TariffPolicyPage(title="Тарифи", slug="tariffs", show_in_menus=True)
    )


@pytest.fixture
def directory_page(home_page):
    return add_child(
        home_page,
        ProviderDirectoryPage(
            title="Надавачі послуг", slug="providers", show_in_menus=True
        ),
    )


@pytest.fixture
def payment_page(home_page):
    return add_child(
        home_page,
        PaymentPage(title="Як сплатити", slug="pay", body="<p>Оплата без комісії</p>"),
    )


@pytest.fixture
def content_page(home_page):
    return add_child(
        home_page,
        ContentPage(title="Про портал", slug="about", body="<p>Портал міста</p>"),
    )


@pytest.fixture
def make_news(news_index):
    """Publish a news item under the index; times are relative to now."""

    def make(title, kind=NewsKind.NEWS, days_ago=0, **fields):
        today = timezone.localdate()
        page = NewsPage(
            title=title,
            kind=kind,
            date=today - timedelta(days=days_ago),
            body=f"<p>{title}</p>",
            **fields,
        )
        return add_child(news_index, page)

    return make


@pytest.fixture
def page_cache(settings):
    """The public page cache turned on and emptied (the suite runs without it)."""
    from cms.pagecache import tags

    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    tags.make_stale([tags.EVERYTHING])


def is_hit(response):
    return response.get("X-Page-Cache") == "hit"


@pytest.fixture
def own_throttle_memory(monkeypatch):
    """The open-data API's throttle counts this test's requests only,
    whatever earlier tests asked."""
    from django.core.cache.backends.locmem import LocMemCache

    from cms.opendata.api import api

    (throttle,) = api.throttle
    memory = LocMemCache("open-data-tests", {})
    # Caches of one name share their memory: start this test's empty.
    memory.clear()
    monkeypatch.setattr(throttle, "cache", memory)


@pytest.fixture
def open_data_rows(tariff_page, water_tariffs, make_news):
    """One row at least in every open dataset: a tariff's cost item, a bank
    branch, an outage and a news item."""
    from decimal import Decimal

    from cms.directory.models import BankBranch
    from cms.tariffs.models import TariffCostItem

    TariffCostItem.objects.create(
        tariff=water_tariffs["water_supply"],
        name="Покупна вода",
        share_percent=Decimal("48.30"),
    )
    BankBranch.objects.create(
        bank="АТ «Ощадбанк»",
        name="Відділення №7",
        address="вул. Соборна, 1",
        takes_utility_payments=True,
    )
    make_news(
        "Відключення води на Соборній", kind=NewsKind.OUTAGE, starts_at=timezone.now()
    )
    make_news("Громадські слухання")
