"""The "My data" downloads: what they hold, and that they hold nobody else's."""

import json
from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from plugins.messaging.services import start_conversation
from tests.billing.conftest import make_charge

pytestmark = pytest.mark.django_db


def download_json(client, user):
    client.force_login(user)
    response = client.get(reverse("users:my_data_json"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    return json.loads(response.content)


def test_the_json_holds_her_own_data(client, resident, olenas_data):
    data = download_json(client, resident)["sections"]

    assert data["profile"]["email"] == "olena@example.org"
    assert data["profile"]["last_name"] == "Коваленко"
    assert data["profile"]["email_addresses"][0]["email"] == "olena@example.org"
    billing = data["billing"]
    assert [d["address"] for d in billing["dwellings"]] == ["вул. Соборна, 12, кв. 5"]
    assert "234.56" in [row["charged"] for row in billing["charges"]]
    assert [row["amount"] for row in billing["payments"]] == ["777.15"]
    assert billing["meter_readings"][0]["value"] == "345.678"
    texts = [m["text"] for m in data["private_messages"]["messages"]]
    assert "Коли прийде сантехнік?" in texts
    assert "Завтра о дев'ятій." in texts
    notices = [n["subject"] for n in data["notifications"]["notices"]]
    assert "Рахунок за листопад готовий" in notices
    (application,) = data["subsidies"]
    assert application["decision_number"] == "СУБ-42"
    assert application["amounts"][0]["monthly"] == "312.40"


def test_the_json_holds_nothing_of_her_neighbour(client, resident, olenas_data):
    text = json.dumps(download_json(client, resident), ensure_ascii=False)

    assert "кв. 6" not in text
    assert "100235" not in text
    assert "Шевченко" not in text
    assert "petro@example.org" not in text
    assert "Петрове повідомлення" not in text


def test_the_pdf_names_her_and_her_flat(client, resident, olenas_data):
    client.force_login(resident)

    response = client.get(reverse("users:my_data_pdf"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="my-data.pdf"'
    pages = PdfReader(BytesIO(response.content)).pages
    text = "\n".join(page.extract_text() for page in pages)
    assert "Коваленко" in text
    assert "вул. Соборна, 12, кв. 5" in text


@pytest.mark.parametrize("name", ["users:my_data", "users:my_data_json"])
def test_a_visitor_is_sent_to_sign_in(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def export_query_count(client):
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("users:my_data_json"))
    return len(queries.captured_queries)


def test_queries_do_not_grow_with_charges_and_messages(
    client, resident, neighbour, olenas_data, services
):
    client.force_login(resident)
    before = export_query_count(client)

    account = olenas_data.dwelling.accounts.get()
    for month in range(1, 10):
        make_charge(account, services["water_supply"], date(2025, month, 1))
    for number in range(10):
        start_conversation(resident, neighbour, f"Ще одне питання {number}")

    assert export_query_count(client) == before


def test_her_page_offers_both_downloads_and_closing(client, resident):
    client.force_login(resident)

    page = client.get(reverse("users:my_data")).content.decode()

    assert reverse("users:my_data_json") in page
    assert reverse("users:my_data_pdf") in page
    assert reverse("users:close_account") in page
    form = client.get(reverse("users:close_account")).content.decode()
    assert 'type="password"' in form


def test_a_huge_pdf_is_cut_short_and_says_so(
    client, resident, olenas_data, monkeypatch
):
    monkeypatch.setattr("cms.users.export.MAX_PDF_ROWS", 5)
    client.force_login(resident)

    response = client.get(reverse("users:my_data_pdf"))

    pages = PdfReader(BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "JSON" in text
    assert "вул. Соборна" not in text


def test_the_pdf_gives_dates_day_first(client, resident, olenas_data):
    client.force_login(resident)

    response = client.get(reverse("users:my_data_pdf"))

    pages = PdfReader(BytesIO(response.content)).pages
    text = "\n".join(page.extract_text() for page in pages)
    assert "paid_on: 20.11.2026" in text
