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


@pytest.fixture
def december_water_export(dwelling, services):
    """The water utility's December export arrived on 4 December, before the
    heating company's: water's latest month is December, heating's November."""
    from cms.directory.models import Provider
    from plugins.billing.choices import ImportStatus
    from plugins.billing.models import BillingImport, Charge, PersonalAccount

    water = dwelling.accounts.get()
    Charge.objects.create(
        account=water,
        service=services["water_supply"],
        period=datetime(2026, 12, 1).date(),
        price=Decimal("1"),
        charged=Decimal("300.00"),
        closing_balance=Decimal("300.00"),
    )
    record = BillingImport.objects.create(
        provider=water.provider,
        file_name="dec.csv",
        sha256="0" * 64,
        status=ImportStatus.APPLIED,
    )
    BillingImport.objects.filter(pk=record.pk).update(
        created_at=datetime(2026, 12, 4, 9, tzinfo=KYIV)
    )
    heat = Provider.objects.create(
        code="TEPLO", name="Тепломережа", short_name="Тепломережа", edrpou="99990026"
    )
    heating = PersonalAccount.objects.create(
        dwelling=dwelling, provider=heat, number="T-7", access_code="1", payer_name="К"
    )
    Charge.objects.create(
        account=heating,
        service=services["central_heating"],
        period=datetime(2026, 11, 1).date(),
        price=Decimal("1"),
        charged=Decimal("900.00"),
        closing_balance=Decimal("900.00"),
    )
    return water, heating


def test_each_provider_is_paid_for_the_month_it_billed_last(
    client, resident, dwelling, december_water_export
):
    from plugins.payments.services import payable_accounts

    water, heating = december_water_export

    due = {row.account.number: row.to_pay for row in payable_accounts(dwelling)}

    assert due == {"100234": Decimal("300.00"), "T-7": Decimal("900.00")}


def test_a_payment_made_after_the_providers_export_stays_pending(
    client, resident, dwelling, december_water_export
):
    water, _heating = december_water_export
    OnlinePayment.objects.create(
        order_id="order-dec",
        dwelling=dwelling,
        account=water,
        payer=resident,
        amount=Decimal("100.00"),
        gateway="sandbox",
        transaction_id="T-dec",
        status=PaymentStatus.PAID,
        paid_at=datetime(2026, 12, 4, 22, 9, tzinfo=KYIV),
    )
    client.force_login(resident)

    html = client.get(dwelling_url(dwelling)).text

    assert "очікує підтвердження" in html
    assert "100,00" in html
