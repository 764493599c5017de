"""Listing pages run the same number of queries however many rows they show."""

from datetime import date
from decimal import Decimal

import pytest

from cms.directory.models import BankBranch, Provider
from cms.tariffs.models import Tariff, TariffCostItem, Unit

pytestmark = pytest.mark.django_db

# Serving a Wagtail page alone takes about ten (site, route, view restrictions).
MAX_QUERIES = 20


@pytest.fixture
def count_queries(client, django_assert_max_num_queries):
    """Queries of one request to ``url``, failing above :data:`MAX_QUERIES`."""

    def count(url):
        # A first request fills per-process caches (content types, site settings).
        client.get(url)
        with django_assert_max_num_queries(MAX_QUERIES) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    return count


def add_providers(services, start, stop):
    for number in range(start, stop):
        provider = Provider.objects.create(
            code=f"P{number}",
            name=f"Підприємство {number}",
            short_name=f"П{number}",
            is_retail=number % 3 != 0,
            iban="UA213223130000026007233566001",
        )
        provider.services.set([services["water_supply"], services["sewerage"]])
        BankBranch.objects.create(bank=f"Банк {number}", address=f"вул. {number}")


def add_tariffs(provider, service, start, stop):
    for number in range(start, stop):
        tariff = Tariff.objects.create(
            provider=provider,
            service=service,
            consumer_group=f"група {number}",
            unit=Unit.CUBIC_METRE,
            price=Decimal("10.5"),
            valid_from=date(2020, 1, 1),
        )
        TariffCostItem.objects.create(tariff=tariff, name="Витрати", share_percent=50)


@pytest.mark.parametrize("page_fixture", ["directory_page", "payment_page"])
def test_directory_pages_do_not_grow_with_providers(
    request, count_queries, services, page_fixture
):
    url = request.getfixturevalue(page_fixture).url
    add_providers(services, 0, 3)
    few = count_queries(url)

    add_providers(services, 3, 30)
    many = count_queries(url)

    assert many == few


def test_tariff_page_does_not_grow_with_tariffs(
    count_queries, tariff_page, water_provider, services
):
    add_tariffs(water_provider, services["water_supply"], 0, 3)
    few = count_queries(tariff_page.url)

    add_tariffs(water_provider, services["sewerage"], 3, 30)
    many = count_queries(tariff_page.url)

    assert many == few


def test_news_and_home_do_not_grow_with_items(
    count_queries, home_page, news_index, make_news
):
    for number in range(3):
        make_news(f"Новина {number}")
    few = (count_queries("/"), count_queries(news_index.url))

    for number in range(3, 30):
        make_news(f"Новина {number}")
    many = (count_queries("/"), count_queries(news_index.url))

    assert many == few
