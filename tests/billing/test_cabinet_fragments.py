"""The parts of the cabinet kept rendered in the cache: every write that
changes what they show shows on the next request, whoever made it, and no
visitor is ever shown another's variant or language."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cms.tariffs.models import Tariff
from plugins.billing import services as billing
from plugins.billing.choices import PaymentSource
from plugins.billing.models import (
    AccessLevel,
    ChargeDispute,
    DwellingAccess,
    Meter,
    MeterReading,
    Payment,
)
from tests.billing.conftest import export_file, export_row

pytestmark = pytest.mark.django_db

NOVEMBER = date(2026, 11, 1)
DISPUTE_LINK = 'class="dispute-link"'


def overview_url(dwelling, language=None):
    with translation.override(language or "uk"):
        return reverse("billing:dwelling", args=[dwelling.pk])


def service_url(dwelling, code="water_supply"):
    account = dwelling.accounts.get()
    return reverse("billing:service_history", args=[dwelling.pk, account.pk, code])


def section(html, start, end="</table>"):
    """The text of ``html`` from ``start`` to the next ``end``."""
    first = html.index(start)
    return html[first : html.index(end, first)]


def charges_table(html):
    return section(html, '<table class="charges">')


def months_table(html):
    return section(html, '<table class="service-months">')


def visit(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.text


@pytest.fixture
def owner(client, resident, billed_dwelling):
    """Olena signed in, her flat's pages already in the cache."""
    client.force_login(resident)
    visit(client, overview_url(billed_dwelling))
    visit(client, service_url(billed_dwelling))
    return client


def november_export(water_charged="1000.03"):
    """The water utility's November export of Olena's flat, as the fixture
    billed it, with water charged ``water_charged``."""
    charged = Decimal(water_charged)
    closing = Decimal("100.00") + charged - Decimal("0.03") - Decimal("100.00")
    comma = lambda value: str(value).replace(".", ",")  # noqa: E731
    return export_file(
        [
            export_row(
                opening_balance="100,00",
                volume="34,422",
                price="29,052",
                charged=comma(charged),
                benefit="0,03",
                paid="100,00",
                closing_balance=comma(closing),
            ),
            export_row(
                service="sewerage",
                opening_balance="100,00",
                volume="20,575",
                price="11,40",
                charged="234,56",
                subsidy="50,00",
                recalculation="50,00",
                paid="100,00",
                closing_balance="234,56",
            ),
        ]
    )


def test_a_second_visit_is_drawn_from_the_cache(client, resident, billed_dwelling):
    client.force_login(resident)
    url = overview_url(billed_dwelling)
    with CaptureQueriesContext(connection) as first:
        drawn = visit(client, url)

    with CaptureQueriesContext(connection) as second:
        kept = visit(client, url)

    # The tariffs, the meter readings and the history are not read again.
    assert len(second) <= len(first) - 3
    assert charges_table(kept) == charges_table(drawn)


def test_an_import_changing_a_charge_shows_its_new_amount(
    owner, billed_dwelling, water_provider
):
    assert "1\u00a0000,03" in charges_table(visit(owner, overview_url(billed_dwelling)))

    report = billing.import_billing_export(
        water_provider, november_export("1100.03"), "pvk-2026-11.csv"
    )

    assert report.record.rows_changed == 1
    overview = charges_table(visit(owner, overview_url(billed_dwelling)))
    assert "1\u00a0100,03" in overview and "1\u00a0000,03" not in overview
    assert "1\u00a0100,03" in months_table(visit(owner, service_url(billed_dwelling)))


def test_an_import_changing_nothing_keeps_the_page(
    owner, billed_dwelling, water_provider
):
    before = charges_table(visit(owner, overview_url(billed_dwelling)))

    report = billing.import_billing_export(
        water_provider, november_export(), "pvk-2026-11.csv"
    )

    assert report.record.rows_changed == 0
    assert charges_table(visit(owner, overview_url(billed_dwelling))) == before


def test_a_subsidy_grant_shows_on_the_next_request(owner, billed_dwelling, services):
    billing.grant_subsidy(
        billed_dwelling,
        "СД-117",
        NOVEMBER,
        NOVEMBER,
        {services["water_supply"]: Decimal("123.45")},
    )

    assert "123,45" in charges_table(visit(owner, overview_url(billed_dwelling)))
    assert "123,45" in months_table(visit(owner, service_url(billed_dwelling)))


def test_a_meter_reading_changes_the_check_on_the_next_request(
    owner, billed_dwelling, services, water_tariffs
):
    before = charges_table(visit(owner, overview_url(billed_dwelling)))
    assert "W-77" not in before
    meter = Meter.objects.create(
        account=billed_dwelling.accounts.get(),
        service=services["water_supply"],
        serial_number="W-77",
    )

    for taken_on, value in ((date(2026, 10, 15), 100), (date(2026, 11, 15), 110)):
        MeterReading.objects.create(meter=meter, taken_on=taken_on, value=value)

    # The meters say 10 m³ where 34.422 were billed.
    assert "W-77" in charges_table(visit(owner, overview_url(billed_dwelling)))
    assert "W-77" in months_table(visit(owner, service_url(billed_dwelling)))


def test_approving_a_tariff_changes_the_check_on_the_next_request(
    owner, billed_dwelling, water_tariffs
):
    Tariff.objects.update(status=Tariff.Status.PROPOSED)
    before = charges_table(visit(owner, overview_url(billed_dwelling, "en")))
    assert before.count("Matches the tariff") == 0

    tariff = water_tariffs["water_supply"]
    tariff.status = Tariff.Status.APPROVED
    tariff.save()

    after = charges_table(visit(owner, overview_url(billed_dwelling, "en")))
    assert after.count("Matches the tariff") == 1


def test_a_payment_and_a_dispute_show_on_the_next_request(
    owner, billed_dwelling, resident
):
    account = billed_dwelling.accounts.get()
    Payment.objects.create(
        account=account,
        paid_on=date(2026, 12, 5),
        amount=Decimal("77.77"),
        source=PaymentSource.BANK,
        reference="PB-90001",
    )
    ChargeDispute.objects.create(
        charge=account.charges.get(period=NOVEMBER, service__code="sewerage"),
        author=resident,
        text="Лічильник не знято вже третій місяць.",
    )

    page = visit(owner, overview_url(billed_dwelling))

    assert "77,77" in section(page, '<section class="payments">', "</section>")
    assert "третій місяць" in section(page, '<section class="disputes"', "</section>")


@pytest.mark.parametrize("url_of", [overview_url, service_url])
def test_the_owner_and_a_delegate_never_see_each_others_variant(
    owner, billed_dwelling, neighbour, url_of
):
    DwellingAccess.objects.create(
        dwelling=billed_dwelling,
        user=neighbour,
        level=AccessLevel.VIEW,
        granted_by=billed_dwelling.residents.get(),
    )
    delegate = Client()
    delegate.force_login(neighbour)
    url = url_of(billed_dwelling)

    owners = visit(owner, url)
    delegates = visit(delegate, url)
    owners_again = visit(owner, url)

    assert DISPUTE_LINK in owners and DISPUTE_LINK in owners_again
    assert DISPUTE_LINK not in delegates


def test_english_and_ukrainian_are_kept_apart(owner, billed_dwelling):
    ukrainian = charges_table(visit(owner, overview_url(billed_dwelling)))
    english = charges_table(visit(owner, overview_url(billed_dwelling, "en")))
    ukrainian_again = charges_table(visit(owner, overview_url(billed_dwelling)))

    assert "Opening balance" in english and "Сальдо на початок" not in english
    assert "Сальдо на початок" in ukrainian and "Opening balance" not in ukrainian
    assert ukrainian_again == ukrainian


def test_another_dwelling_is_never_served_this_ones_fragment(
    client, resident, neighbour, billed_dwelling, neighbours_dwelling
):
    client.force_login(resident)
    visit(client, overview_url(billed_dwelling))
    client.force_login(neighbour)

    page = charges_table(visit(client, overview_url(neighbours_dwelling)))

    assert "100234" not in page and "100235" in page


def test_a_payment_shows_on_the_payments_page_on_the_next_request(
    owner, billed_dwelling
):
    url = reverse("billing:payments", args=[billed_dwelling.pk])
    assert "88,88" not in visit(owner, url)

    Payment.objects.create(
        account=billed_dwelling.accounts.get(),
        paid_on=date(2026, 12, 6),
        amount=Decimal("88.88"),
        source=PaymentSource.BANK,
        reference="PB-90002",
    )

    assert "88,88" in visit(owner, url)
