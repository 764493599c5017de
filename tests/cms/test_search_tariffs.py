"""Tariffs and tariff pages in the site-wide search: a tariff is found where a
public page lists its service, and news results say what kind they are."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.directory.models import Service
from cms.news.models import NewsKind
from cms.tariffs.models import Tariff, TariffPolicyPage
from search import registry
from search.backend import POSTGRES
from search.indexing import reindex_all
from search.models import Entry
from search.sync import changed_in_bulk
from tests.cms.conftest import add_child


def tariffs():
    return next(s for s in registry.registered() if s.key == "tariff")


@pytest.fixture
def water_page(tariff_page, services):
    page = TariffPolicyPage(title="Тарифи на воду та водовідведення", slug="water")
    tariff_page.add_child(instance=page)
    page.services.set([services["water_supply"], services["sewerage"]])
    page.save_revision().publish()
    return page


def test_a_tariff_reads_as_its_service_provider_and_price(water_page, water_tariffs):
    water = water_tariffs["water_supply"]

    documents = {d.pk: d for d in registry.documents(tariffs())}

    assert (
        documents[water.pk].title
        == "Централізоване водопостачання: КП «Водоканал» — усі споживачі"
    )
    assert documents[water.pk].body.startswith("Тариф 29,052\xa0грн/м³ усі споживачі")
    assert documents[water.pk].url == f"{water_page.url}#tariff-{water.pk}"


def test_a_tariff_is_found_by_the_words_residents_use(water_page, water_tariffs):
    reindex_all()

    found = [(hit.type, hit.title) for hit in POSTGRES.hits("тариф на каналізацію")]

    assert found[0] == ("tariff_page", "Тарифи на воду та водовідведення")
    assert (
        "tariff",
        "Централізоване водовідведення: КП «Водоканал» — усі споживачі",
    ) in found


def test_the_section_page_that_lists_every_service_serves_the_others(
    tariff_page, water_tariffs
):
    sewerage = water_tariffs["sewerage"]

    (document,) = registry.documents(tariffs(), pks=[sewerage.pk])

    assert document.url == f"{tariff_page.url}#tariff-{sewerage.pk}"


def test_a_tariff_no_public_page_lists_is_not_found(home_page, water_tariffs, services):
    only_heating = add_child(
        home_page, TariffPolicyPage(title="Тарифи на тепло", slug="heat")
    )
    only_heating.services.set([services["central_heating"]])
    only_heating.save_revision().publish()

    assert list(registry.documents(tariffs())) == []


def test_the_tariff_row_carries_the_anchor_results_link_to(
    client, water_page, water_tariffs
):
    water = water_tariffs["water_supply"]

    page = client.get(water_page.url).text

    assert f'id="tariff-{water.pk}"' in page


def test_changing_the_services_a_page_lists_moves_its_tariffs(
    tariff_page, water_page, water_tariffs, services, django_capture_on_commit_callbacks
):
    water = water_tariffs["water_supply"]
    reindex_all()

    with django_capture_on_commit_callbacks(execute=True):
        water_page.services.set([services["central_heating"]])
        water_page.save_revision().publish()

    entry = Entry.objects.get(type="tariff", object_id=str(water.pk))
    assert entry.url == f"{tariff_page.url}#tariff-{water.pk}"


def test_an_outage_is_labelled_as_one_among_the_results(client, make_news):
    make_news(
        "Відключення гарячої води на Дніпровській",
        kind=NewsKind.OUTAGE,
        starts_at=timezone.now(),
    )
    make_news("Гаряча вода: як рахують", kind=NewsKind.NEWS)
    reindex_all()

    page = client.get(reverse("search:results"), {"q": "гаряча вода"}).text

    assert '<p class="eyebrow">Відключення' in page
    assert '<p class="eyebrow">Новина' in page


def test_services_renamed_in_bulk_reach_their_tariffs(
    tariff_page, water_tariffs, django_capture_on_commit_callbacks
):
    water = water_tariffs["water_supply"]
    reindex_all()

    with django_capture_on_commit_callbacks(execute=True):
        Service.objects.filter(code="water_supply").update(name="Холодна вода")
        changed_in_bulk(Service)

    entry = Entry.objects.get(type="tariff", object_id=str(water.pk))
    assert entry.title == "Холодна вода: КП «Водоканал» — усі споживачі"


def test_the_header_box_offers_a_title_once_however_many_rates_share_it(
    client, water_page, water_tariffs
):
    earlier = water_tariffs["water_supply"]
    Tariff.objects.create(
        provider=earlier.provider,
        service=earlier.service,
        consumer_group=earlier.consumer_group,
        unit=earlier.unit,
        price=Decimal("31.10"),
        valid_from=date(2026, 1, 1),
    )
    reindex_all()

    offered = client.get(reverse("search:suggest"), {"q": "водопост"}).json()

    titles = [item["title"] for item in offered["suggestions"]]
    assert (
        titles.count("Централізоване водопостачання: КП «Водоканал» — усі споживачі")
        == 1
    )
