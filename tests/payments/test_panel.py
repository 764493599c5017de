"""The dwelling's cabinet page shows online payment through billing's hook."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plugins.payments.choices import PaymentStatus
from plugins.payments.models import OnlinePayment
from plugins.payments.services import expected_confirmation

KYIV = ZoneInfo("Europe/Kyiv")


def dwelling_url(dwelling):
    return reverse("billing:dwelling", args=[dwelling.pk])


def paid(dwelling, amount, when, number=1):
    """An online payment the bank confirmed at ``when``."""
    return OnlinePayment.objects.create(
        order_id=f"order-{number}",
        dwelling=dwelling,
        account=dwelling.accounts.get(),
        payer=dwelling.residents.get(),
        amount=Decimal(amount),
        gateway="sandbox",
        transaction_id=f"T-{number}",
        status=PaymentStatus.PAID,
        paid_at=when,
    )


def test_the_page_offers_to_pay_what_the_latest_bill_asks(client, resident, dwelling):
    client.force_login(resident)

    html = client.get(dwelling_url(dwelling)).text

    assert "Сплатити онлайн" in html
    assert 'value="1234.56"' in html
    assert reverse("payments:pay", args=[dwelling.pk]) in html


def test_a_payment_awaiting_the_provider_shows_with_both_balances(
    client, resident, dwelling
):
    paid(dwelling, "200.00", datetime(2026, 12, 3, 10, tzinfo=KYIV))
    client.force_login(resident)

    html = client.get(dwelling_url(dwelling)).text

    assert "сплачено, очікує підтвердження надавача" in html
    assert "05.01.2027" in html
    assert "200,00\u00a0грн" in html
    assert "1\u00a0234,56\u00a0грн" in html  # as the providers exported it
    assert "1\u00a0034,56\u00a0грн" in html  # after the pending payment


def test_the_suggested_amount_leaves_out_what_is_on_its_way(client, resident, dwelling):
    paid(dwelling, "200.00", datetime(2026, 12, 3, 10, tzinfo=KYIV))
    client.force_login(resident)

    html = client.get(dwelling_url(dwelling)).text

    assert 'value="1034.56"' in html


def test_a_payment_the_latest_export_covers_is_no_longer_pending(
    client, resident, dwelling
):
    paid(dwelling, "200.00", datetime(2026, 11, 20, 10, tzinfo=KYIV))
    client.force_login(resident)

    html = client.get(dwelling_url(dwelling)).text

    assert "очікує підтвердження" not in html


@pytest.mark.parametrize(
    ("paid_on", "expected"),
    [
        (datetime(2026, 12, 31, 23, 30, tzinfo=KYIV), "2027-01-05"),
        (datetime(2026, 3, 1, 0, 10, tzinfo=KYIV), "2026-04-05"),
    ],
)
def test_the_provider_confirms_by_the_fifth_of_the_next_month(paid_on, expected):
    assert expected_confirmation(paid_on).isoformat() == expected


def test_the_page_runs_a_bounded_number_of_queries(
    client, resident, dwelling, django_assert_max_num_queries
):
    url = dwelling_url(dwelling)
    client.force_login(resident)
    client.get(url)  # the site layout sets up its own records on the first visit
    paid(dwelling, "10.00", datetime(2026, 12, 1, 9, tzinfo=KYIV))
    with CaptureQueriesContext(connection) as one_payment:
        client.get(url)
    for number in range(2, 8):
        paid(dwelling, "10.00", datetime(2026, 12, 2, 9, tzinfo=KYIV), number)

    with django_assert_max_num_queries(len(one_payment)):
        html = client.get(url).text

    assert html.count("очікує підтвердження надавача") == 7
