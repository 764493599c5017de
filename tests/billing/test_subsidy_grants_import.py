"""A month imported after a subsidy decision, and within its period, gets the
granted subsidy instead of the export's; importing the same file again
changes nothing."""

from datetime import date
from decimal import Decimal

import pytest

from plugins.billing import services as billing
from plugins.billing.models import Charge, Dwelling
from tests.billing.conftest import export_file, export_row

pytestmark = pytest.mark.django_db

NOVEMBER, DECEMBER = date(2026, 11, 1), date(2026, 12, 1)


@pytest.fixture
def olenas_flat():
    """The flat of account 100234 of the good export, known before its file."""
    return Dwelling.objects.create(
        street="вул. Соборна",
        house="12",
        apartment="5",
        total_area=Decimal("52.40"),
        registered_persons=2,
    )


def run_import(provider, data):
    report = billing.import_billing_export(provider, data, "pvk.csv")
    assert not report.rejected, report.errors
    return report


def amounts(account, code, period=NOVEMBER):
    return Charge.objects.values_list("subsidy", "closing_balance").get(
        account__number=account, service__code=code, period=period
    )


def test_a_month_imported_in_the_period_gets_the_grant(
    water_provider, services, olenas_flat, good_export
):
    billing.grant_subsidy(
        olenas_flat, "СД-117", NOVEMBER, DECEMBER, {services["water_supply"]: 60}
    )

    run_import(water_provider, good_export)

    # The export says 0,00 of subsidy and a closing balance of 174,31.
    assert amounts("100234", "water_supply") == (Decimal("60.00"), Decimal("114.31"))
    # Sewerage was not granted, and the neighbour's flat has no decision.
    assert amounts("100234", "sewerage") == (Decimal("0.00"), Decimal("68.40"))
    assert amounts("100235", "water_supply") == (Decimal("0.00"), Decimal("66.26"))


def test_the_import_caps_the_grant_by_the_charge_less_the_benefit(
    water_provider, services, olenas_flat
):
    billing.grant_subsidy(
        olenas_flat, "СД-117", NOVEMBER, DECEMBER, {services["water_supply"]: 500}
    )
    row = export_row(
        charged="174,31", benefit="24,31", paid="0,00", closing_balance="270,50"
    )

    run_import(water_provider, export_file([row]))

    assert amounts("100234", "water_supply") == (Decimal("150.00"), Decimal("120.50"))


def test_a_month_outside_the_period_keeps_the_exports_subsidy(
    water_provider, services, olenas_flat
):
    billing.grant_subsidy(
        olenas_flat, "СД-117", DECEMBER, DECEMBER, {services["water_supply"]: 60}
    )
    row = export_row(subsidy="10,00", closing_balance="164,31")

    run_import(water_provider, export_file([row]))

    assert amounts("100234", "water_supply") == (Decimal("10.00"), Decimal("164.31"))


def test_importing_the_same_file_again_changes_nothing(
    water_provider, services, olenas_flat, good_export
):
    billing.grant_subsidy(
        olenas_flat, "СД-117", NOVEMBER, DECEMBER, {services["water_supply"]: 60}
    )
    run_import(water_provider, good_export)
    before = list(Charge.objects.order_by("pk").values())

    report = run_import(water_provider, good_export)

    assert report.result.changed == 0
    assert report.record.rows_changed == 0
    assert list(Charge.objects.order_by("pk").values()) == before


def test_a_decision_after_the_import_survives_the_same_file_again(
    water_provider, services, good_export
):
    run_import(water_provider, good_export)
    flat = Dwelling.objects.get(apartment="5")
    billing.grant_subsidy(
        flat, "СД-117", NOVEMBER, DECEMBER, {services["water_supply"]: 60}
    )

    report = run_import(water_provider, good_export)

    assert report.result.changed == 0
    assert amounts("100234", "water_supply") == (Decimal("60.00"), Decimal("114.31"))


def test_the_later_of_two_decisions_covering_the_month_is_applied(
    water_provider, services, olenas_flat, good_export
):
    water = services["water_supply"]
    billing.grant_subsidy(olenas_flat, "СД-1", NOVEMBER, DECEMBER, {water: 10})
    billing.grant_subsidy(olenas_flat, "СД-2", NOVEMBER, NOVEMBER, {water: 30})

    run_import(water_provider, good_export)

    assert amounts("100234", "water_supply") == (Decimal("30.00"), Decimal("144.31"))
