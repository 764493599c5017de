"""A subsidy decision reaches the charges already imported: the granted sum
becomes the subsidy of each month in the period, capped by what the month
charged less the benefit, and the closing balance moves by the difference."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from plugins.billing import services as billing
from plugins.billing.models import Charge, SubsidyGrant
from tests.billing.test_bill import pdf_text

pytestmark = pytest.mark.django_db

OCTOBER, NOVEMBER, DECEMBER = date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)


def charge(dwelling, code, period=NOVEMBER):
    return Charge.objects.get(
        account__dwelling=dwelling, service__code=code, period=period
    )


def grant(dwelling, amounts, reference="СД-117", start=NOVEMBER, end=DECEMBER):
    return billing.grant_subsidy(dwelling, reference, start, end, amounts)


def test_the_granted_sum_becomes_the_subsidy_to_the_kopeck(billed_dwelling, services):
    report = grant(billed_dwelling, {services["water_supply"]: Decimal("123.455")})

    water = charge(billed_dwelling, "water_supply")
    assert report.charges_changed == 1
    # 123.455 rounds half up; November closed at 1 000,00 before the decision.
    assert water.subsidy == Decimal("123.46")
    assert water.closing_balance == Decimal("876.54")


def test_a_month_outside_the_period_keeps_its_charge(billed_dwelling, services):
    grant(billed_dwelling, {services["water_supply"]: Decimal("50.00")})

    october = charge(billed_dwelling, "water_supply", OCTOBER)
    assert october.subsidy == Decimal("0.00")
    assert october.closing_balance == Decimal("100.00")


def test_the_decision_replaces_the_subsidy_the_export_gave(billed_dwelling, services):
    # November's sewerage came with 50,00 of subsidy and closed at 234,56.
    grant(billed_dwelling, {services["sewerage"]: Decimal("80.00")})

    sewerage = charge(billed_dwelling, "sewerage")
    assert sewerage.subsidy == Decimal("80.00")
    assert sewerage.closing_balance == Decimal("204.56")


def test_the_subsidy_never_exceeds_the_charge_less_the_benefit(
    billed_dwelling, services
):
    # Water charged 1 000,03 with 0,03 of benefit: 1 000,00 is left to subsidise.
    grant(billed_dwelling, {services["water_supply"]: Decimal("5000.00")})

    water = charge(billed_dwelling, "water_supply")
    assert water.subsidy == Decimal("1000.00")
    assert water.closing_balance == Decimal("0.00")


def test_a_charge_smaller_than_its_benefit_gets_no_subsidy(billed_dwelling, services):
    water = charge(billed_dwelling, "water_supply")
    water.benefit, water.closing_balance = Decimal("1200.00"), Decimal("-199.97")
    water.save()

    grant(billed_dwelling, {services["water_supply"]: Decimal("40.00")})

    water.refresh_from_db()
    assert water.subsidy == Decimal("0.00")
    assert water.closing_balance == Decimal("-199.97")


def test_applying_the_same_decision_again_changes_nothing(billed_dwelling, services):
    amounts = {services["water_supply"]: Decimal("123.46")}
    grant(billed_dwelling, amounts)
    before = list(Charge.objects.order_by("pk").values())

    report = grant(billed_dwelling, amounts)

    assert report.charges_changed == 0
    assert list(Charge.objects.order_by("pk").values()) == before
    assert SubsidyGrant.objects.count() == 1


def test_a_decision_given_again_replaces_its_own_grants(billed_dwelling, services):
    grant(
        billed_dwelling,
        {
            services["water_supply"]: Decimal("10.00"),
            services["sewerage"]: Decimal("20.00"),
        },
    )

    grant(billed_dwelling, {services["water_supply"]: Decimal("15.00")})

    assert list(
        SubsidyGrant.objects.values_list("service__code", "monthly", "reference")
    ) == [("water_supply", Decimal("15.00"), "СД-117")]
    assert charge(billed_dwelling, "water_supply").subsidy == Decimal("15.00")


def test_the_period_is_kept_as_its_months(billed_dwelling, services):
    grant(
        billed_dwelling,
        {services["water_supply"]: Decimal("10.00")},
        start=date(2026, 11, 15),
        end=date(2027, 4, 30),
    )

    assert SubsidyGrant.objects.values_list("period_from", "period_to").get() == (
        NOVEMBER,
        date(2027, 4, 1),
    )


def test_the_later_decision_is_in_force_where_two_cover_a_month(
    billed_dwelling, services
):
    water = services["water_supply"]
    grant(billed_dwelling, {water: Decimal("10.00")}, reference="СД-1")
    grant(billed_dwelling, {water: Decimal("30.00")}, reference="СД-2")

    # The older decision sent again does not take the month back.
    report = grant(billed_dwelling, {water: Decimal("10.00")}, reference="СД-1")

    assert report.charges_changed == 0
    assert charge(billed_dwelling, "water_supply").subsidy == Decimal("30.00")


def test_another_dwellings_charges_are_not_touched(
    billed_dwelling, neighbours_dwelling, services
):
    grant(billed_dwelling, {services["water_supply"]: Decimal("10.00")})

    assert charge(neighbours_dwelling, "water_supply").subsidy == Decimal("0.00")


def test_the_bill_shows_the_granted_subsidy(
    client, resident, billed_dwelling, services
):
    grant(billed_dwelling, {services["water_supply"]: Decimal("123.46")})
    client.force_login(resident)

    response = client.get(reverse("billing:bill", args=[billed_dwelling.pk, "2026-11"]))

    text = pdf_text(response.content)
    # Water's 123,46 and sewerage's 50,00 from the export.
    assert "173,46" in text
    # 1 234,56 less the subsidy granted.
    assert "1 111,10 грн" in text
