"""The resident's cabinet: each resident sees their own dwellings and no others."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plugins.billing import documents
from plugins.billing.choices import PaymentSource
from plugins.billing.models import Payment
from plugins.billing.services import PAYMENTS_SHOWN
from tests.billing.conftest import make_charge

pytestmark = pytest.mark.django_db

# The cabinet's own reads plus what the site layout (session, user, header with
# its counts of unread notices and conversations, and footer) costs, one read each of the tariffs and the meter readings the
# latest charges are checked against, what was paid since the bill (billing's
# payments and the online ones awaiting the provider), and for an owner the
# access log's INSERT, the disputes and the log's latest entries; the payments
# panel reuses what the page read; and the fingerprint of the rows the cached
# parts of the page are drawn from. The count must not grow with the
# resident's data. Measured with those parts missing from the cache, as after
# every import: a page served from it reads less.
MAX_QUERIES = 21


def dwelling_url(dwelling):
    return reverse("billing:dwelling", args=[dwelling.pk])


def bill_url(dwelling, period="2026-11"):
    return reverse("billing:bill", args=[dwelling.pk, period])


@pytest.mark.parametrize(
    "url_of", [lambda d: reverse("billing:cabinet"), dwelling_url, bill_url]
)
def test_anonymous_visitors_are_sent_to_log_in(client, billed_dwelling, url_of):
    url = url_of(billed_dwelling)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=" in response.url


def test_another_residents_dwelling_is_not_found(client, neighbour, billed_dwelling):
    client.force_login(neighbour)

    response = client.get(dwelling_url(billed_dwelling))

    assert response.status_code == 404


def test_another_residents_bill_is_not_found(client, neighbour, billed_dwelling):
    client.force_login(neighbour)

    response = client.get(bill_url(billed_dwelling))

    assert response.status_code == 404


def test_a_month_without_charges_has_no_bill(client, resident, billed_dwelling):
    client.force_login(resident)

    response = client.get(bill_url(billed_dwelling, "2025-01"))

    assert response.status_code == 404


def test_the_cabinet_lists_only_the_residents_dwellings_with_balances(
    client, resident, billed_dwelling, neighbours_dwelling
):
    client.force_login(resident)

    response = client.get(reverse("billing:cabinet"))

    assert response.status_code == 200
    assert response.context["rows"] == [(billed_dwelling, Decimal("1234.56"))]
    assert "вул. Соборна, 12, кв. 5" in response.text
    assert "кв. 6" not in response.text
    assert "1\u00a0234,56\u00a0грн" in response.text


def test_the_dwelling_page_shows_the_latest_month_history_and_payments(
    client, resident, billed_dwelling
):
    account = billed_dwelling.accounts.get()
    Payment.objects.create(
        account=account,
        paid_on=date(2026, 11, 20),
        amount=Decimal("100.00"),
        source=PaymentSource.BANK,
        reference="PB-77001",
    )
    client.force_login(resident)

    response = client.get(dwelling_url(billed_dwelling))

    assert response.status_code == 200
    assert response.context["period"] == date(2026, 11, 1)
    assert len(response.context["charges"]) == 2
    assert response.context["totals"]["to_pay"] == Decimal("1234.56")
    assert [month["period"] for month in response.context["history"]] == [
        date(2026, 11, 1),
        date(2026, 10, 1),
    ]
    assert len(response.context["payments"]) == 1
    assert "Централізоване водопостачання" in response.text
    assert bill_url(billed_dwelling) in response.text


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def test_the_cabinet_runs_a_bounded_number_of_queries(
    client,
    resident,
    billed_dwelling,
    neighbours_dwelling,
    django_assert_max_num_queries,
):
    url = reverse("billing:cabinet")
    client.force_login(resident)
    client.get(url)  # the site layout sets up its own records on the first visit
    one_dwelling = count_queries(client, url)
    neighbours_dwelling.residents.add(resident)

    with django_assert_max_num_queries(min(one_dwelling, MAX_QUERIES)):
        response = client.get(url)

    assert len(response.context["rows"]) == 2


def test_the_dwelling_page_runs_a_bounded_number_of_queries(
    client,
    resident,
    billed_dwelling,
    services,
    django_assert_max_num_queries,
    forget_fragments,
):
    url = dwelling_url(billed_dwelling)
    client.force_login(resident)
    client.get(url)
    forget_fragments()
    few_rows = count_queries(client, url)
    account = billed_dwelling.accounts.get()
    for month in range(1, 10):
        make_charge(account, services["water_supply"], date(2026, month, 1))
    for number in range(5):
        Payment.objects.create(
            account=account,
            paid_on=date(2026, 11, 1 + number),
            amount=Decimal("10.00"),
            source=PaymentSource.ONLINE,
            reference=f"LP-{number}",
        )

    forget_fragments()
    with django_assert_max_num_queries(min(few_rows, MAX_QUERIES)):
        response = client.get(url)

    assert len(response.context["history"]) == 11
    assert len(response.context["payments"]) == 5


def charges_table(html):
    """The month's charges table of a dwelling page, as text."""
    start = html.index('<table class="charges">')
    return html[start : html.index("</table>", start)]


def test_the_charges_table_names_provider_and_account_under_the_service(
    client, resident, billed_dwelling
):
    client.force_login(resident)

    table = charges_table(client.get(dwelling_url(billed_dwelling)).text)

    # Service, opening balance, tariff, volume and six money columns: nothing
    # else competes with "To pay" for the width of a laptop screen.
    assert table.count('scope="col"') == 10
    assert "Надавач, особовий рахунок" not in table
    row = table[table.index("Централізоване водопостачання") :]
    assert row.index("КП «Водоканал»") < row.index("о/р 100234") < row.index("</th>")


def test_volumes_show_whole_persons_and_significant_places(
    client, resident, billed_dwelling, services
):
    account = billed_dwelling.accounts.get()
    make_charge(
        account,
        services["solid_waste_removal"],
        volume="2.000",
        unit="person_month",
        price="49.80",
        charged="99.60",
    )
    client.force_login(resident)

    table = charges_table(client.get(dwelling_url(billed_dwelling)).text)

    assert ">2&nbsp;ос.<" in table
    assert ">34,422&nbsp;м³<" in table
    assert ">20,575&nbsp;м³<" in table


def add_payments(account, count):
    for number in range(count):
        Payment.objects.create(
            account=account,
            paid_on=date(2024, 1, 1) + timedelta(days=number),
            amount=Decimal("10.00"),
            source=PaymentSource.ONLINE,
            reference=f"LP-{number}",
        )


def test_a_cut_payments_list_says_how_many_it_shows(client, resident, billed_dwelling):
    add_payments(billed_dwelling.accounts.get(), PAYMENTS_SHOWN + 1)
    client.force_login(resident)

    response = client.get(dwelling_url(billed_dwelling))

    assert len(response.context["payments"]) == PAYMENTS_SHOWN
    assert response.context["payments"].truncated
    assert "Показано останні 24 платежі" in response.text


def test_a_complete_payments_list_says_nothing_more(client, resident, billed_dwelling):
    add_payments(billed_dwelling.accounts.get(), PAYMENTS_SHOWN)
    client.force_login(resident)

    response = client.get(dwelling_url(billed_dwelling))

    assert len(response.context["payments"]) == PAYMENTS_SHOWN
    assert "Показано останні" not in response.text


@pytest.mark.parametrize("method", ["post", "put", "delete", "options"])
@pytest.mark.parametrize(
    "url_of", [lambda d: reverse("billing:cabinet"), dwelling_url, bill_url]
)
def test_the_cabinet_only_answers_reading_requests(
    client, resident, billed_dwelling, method, url_of
):
    client.force_login(resident)

    response = getattr(client, method)(url_of(billed_dwelling))

    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}


def test_head_of_a_bill_does_not_render_the_pdf(
    client, resident, billed_dwelling, monkeypatch
):
    def not_for_head(bill):
        raise AssertionError("the PDF was rendered for HEAD")

    monkeypatch.setattr(documents, "render_bill_pdf", not_for_head)
    client.force_login(resident)

    response = client.head(bill_url(billed_dwelling))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "bill-" in response["Content-Disposition"]


def test_head_of_another_residents_bill_is_not_found(
    client, neighbour, billed_dwelling
):
    client.force_login(neighbour)

    assert client.head(bill_url(billed_dwelling)).status_code == 404
