"""The open API: the city's public data as JSON and identical CSV, with its
OpenAPI schema; Wagtail's API for the pages; never a resident's data."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from cms.news.models import NewsPage
from cms.opendata.api import DATASETS
from plugins.billing.models import Dwelling, PersonalAccount

OPEN = "/api/open/"


pytestmark = pytest.mark.usefixtures("own_throttle_memory")


@pytest.fixture
def city(open_data_rows):
    return open_data_rows


@pytest.fixture
def resident(water_provider):
    """A resident with a flat and an account: none of it may ever be served."""
    person = get_user_model().objects.create_user(
        username="olena.kovalenko@example.org",
        email="olena.kovalenko@example.org",
        password="secret-pass",
        display_name="Олена Коваленко",
    )
    dwelling = Dwelling.objects.create(
        street="вул. Таємна", house="7", apartment="13", total_area=Decimal("52.40")
    )
    dwelling.residents.add(person)
    PersonalAccount.objects.create(
        dwelling=dwelling,
        provider=water_provider,
        number="55501234",
        payer_name="Коваленко Олена Петрівна",
    )
    return person


def as_csv_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


@pytest.mark.parametrize("name", list(DATASETS))
def test_each_dataset_is_served_as_json_and_the_same_csv(client, city, name):
    as_json = client.get(f"{OPEN}{name}")
    as_csv = client.get(f"{OPEN}{name}.csv")

    assert as_json.status_code == as_csv.status_code == 200
    assert (
        "public" in as_json["Cache-Control"]
        and "max-age=300" in as_csv["Cache-Control"]
    )
    rows = as_json.json()
    assert rows, f"the demo city has some {name}"
    read = list(csv.DictReader(io.StringIO(as_csv.content.decode())))
    assert read == [{key: as_csv_text(v) for key, v in row.items()} for row in rows]


def test_tariffs_keep_their_price_to_the_last_digit_and_their_history(client, city):
    tariffs = client.get(f"{OPEN}tariffs").json()

    water = next(row for row in tariffs if row["service"] == "water_supply")
    assert water["price"] == "29.0520"
    assert water["valid_from"] == "2020-02-04"
    assert water["provider_name"] == "КП «Водоканал»"


def test_a_tariff_no_public_page_shows_is_not_served(client, city, tariff_page):
    PageViewRestriction.objects.create(
        page=tariff_page, restriction_type=PageViewRestriction.LOGIN
    )

    assert client.get(f"{OPEN}tariffs").json() == []


def test_outages_are_outages_and_drafts_are_never_news(client, city, news_index):
    draft = NewsPage(title="Чернетка", date=timezone.localdate(), body="<p>—</p>")
    news_index.add_child(instance=draft)
    draft.unpublish()

    outages = client.get(f"{OPEN}outages").json()
    news = client.get(f"{OPEN}news").json()

    assert [row["title"] for row in outages] == ["Відключення води на Соборній"]
    assert "Чернетка" not in {row["title"] for row in news}
    assert len(news) == 2


def test_no_resident_data_is_served_anywhere(client, city, resident):
    addresses = [f"{OPEN}{name}" for name in DATASETS]
    addresses += [f"{OPEN}{name}.csv" for name in DATASETS]
    addresses += ["/api/v2/pages/?fields=*", "/api/v2/documents/", "/api/v2/images/"]

    bodies = [client.get(address).content.decode() for address in addresses]
    # JSON may write Cyrillic as \u escapes: read it back to compare.
    served = "".join(
        json.dumps(json.loads(body), ensure_ascii=False)
        if body.startswith(("{", "["))
        else body
        for body in bodies
    )
    assert "Відключення води на Соборній" in served

    for private in (
        "olena.kovalenko",
        "Коваленко",
        "55501234",
        "Таємна",
        "secret",
        "password",
        '"owner"',
    ):
        assert private not in served


def test_the_schema_describes_every_dataset(client, db):
    schema = client.get(f"{OPEN}openapi.json").json()

    assert schema["openapi"].startswith("3.")
    for name in DATASETS:
        assert f"{OPEN}{name}" in schema["paths"]
        assert f"{OPEN}{name}.csv" in schema["paths"]


def test_the_tariffs_are_read_in_the_same_queries_however_many(
    client, city, water_tariffs
):
    with CaptureQueriesContext(connection) as few:
        client.get(f"{OPEN}tariffs")
    for tariff in list(water_tariffs.values()) * 5:
        tariff.pk = None
        tariff.save()
    with CaptureQueriesContext(connection) as many:
        client.get(f"{OPEN}tariffs")

    assert len(many) == len(few)


def test_a_visitor_asking_too_often_is_told_to_wait(client, db, settings):
    settings.OPEN_DATA_RATE = "2/m"

    answers = [client.get(f"{OPEN}providers") for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert 0 < int(answers[-1]["Retry-After"]) <= 60


def test_the_pages_api_serves_live_public_pages_only(client, city, news_index):
    draft = NewsPage(title="Чернетка", date=timezone.localdate(), body="<p>—</p>")
    news_index.add_child(instance=draft)
    draft.unpublish()

    pages = client.get("/api/v2/pages/", {"type": "news.NewsPage", "fields": "*"})

    titles = {item["title"] for item in pages.json()["items"]}
    assert titles == {"Відключення води на Соборній", "Громадські слухання"}
    outage = next(i for i in pages.json()["items"] if i["title"].startswith("Відкл"))
    assert outage["kind"] == "outage"


def test_documents_of_a_restricted_collection_are_not_listed(client, db):
    root = Collection.get_first_root_node()
    staff = root.add_child(name="Службові")
    CollectionViewRestriction.objects.create(
        collection=staff, restriction_type=CollectionViewRestriction.LOGIN
    )
    Document.objects.create(title="Публічний звіт", collection=root)
    Document.objects.create(title="Службова записка", collection=staff)

    listed = client.get("/api/v2/documents/").json()["items"]

    assert [item["title"] for item in listed] == ["Публічний звіт"]


def test_an_empty_dataset_still_names_its_columns(client, db):
    as_csv = client.get(f"{OPEN}tariff-cost-items.csv").content.decode()

    assert as_csv.strip() == "tariff,name,share_percent,amount"
