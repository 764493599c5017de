"""The month's charge of one service: volume basis, season, rounding."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from cms.tariffs.models import Unit
from plugins.billing.calculation import (
    CalculationError,
    closing_balance,
    compute_charge,
    in_heating_season,
)
from plugins.billing.choices import VolumeBasis

JANUARY = date(2026, 1, 1)
JUNE = date(2026, 6, 1)


def tariff(price, unit):
    return SimpleNamespace(price=Decimal(price), unit=unit)


def flat(persons=2, area="54.50", heated=None, norm="7.35"):
    return SimpleNamespace(
        registered_persons=persons,
        total_area=Decimal(area),
        heated_area=Decimal(heated) if heated else None,
        water_norm=SimpleNamespace(value=Decimal(norm)) if norm else None,
    )


WATER = tariff("29.052", Unit.CUBIC_METRE)
SEWERAGE = tariff("11.40", Unit.CUBIC_METRE)
HEATING = tariff("36.45", Unit.SQUARE_METRE_MONTH)
MAINTENANCE = tariff("5.48", Unit.SQUARE_METRE_MONTH)
WASTE = tariff("49.80", Unit.PERSON_MONTH)


def test_water_by_norm_for_two_persons_rounds_half_up_to_kopecks():
    line = compute_charge(flat(persons=2), "water_supply", WATER, JANUARY)

    # 2 × 7.35 = 14.70 m³; 14.70 × 29.052 = 427.0644
    assert line.volume == Decimal("14.70")
    assert line.basis == VolumeBasis.NORM
    assert line.amount == Decimal("427.06")


def test_sewerage_by_norm_uses_the_water_norm():
    line = compute_charge(flat(persons=3), "sewerage", SEWERAGE, JANUARY)

    assert line.volume == Decimal("22.05")
    assert line.amount == Decimal("251.37")


def test_meter_reading_wins_over_the_norm():
    line = compute_charge(flat(), "water_supply", WATER, JANUARY, Decimal("5"))

    assert line.basis == VolumeBasis.METER
    assert line.amount == Decimal("145.26")


def test_half_a_kopeck_rounds_up():
    half = tariff("0.125", Unit.CUBIC_METRE)

    line = compute_charge(flat(), "water_supply", half, JANUARY, Decimal("1"))

    assert line.amount == Decimal("0.13")


def test_water_without_meter_or_norm_cannot_be_computed():
    with pytest.raises(CalculationError):
        compute_charge(flat(norm=None), "water_supply", WATER, JANUARY)


def test_heating_in_season_is_by_heated_area():
    line = compute_charge(
        flat(area="60", heated="52.3"), "central_heating", HEATING, JANUARY
    )

    assert line.volume == Decimal("52.3")
    assert line.basis == VolumeBasis.AREA
    assert line.amount == Decimal("1906.34")


def test_heating_outside_season_is_zero():
    line = compute_charge(flat(), "central_heating", HEATING, JUNE)

    assert line.volume == 0
    assert line.amount == Decimal("0.00")


@pytest.mark.parametrize(
    ("month", "in_season"),
    [(1, True), (4, True), (5, False), (9, False), (10, True), (12, True)],
)
def test_heating_season_runs_october_to_april(month, in_season):
    assert in_heating_season(date(2026, month, 1)) is in_season


def test_maintenance_is_by_total_area_all_year():
    line = compute_charge(flat(area="54.50"), "building_maintenance", MAINTENANCE, JUNE)

    assert line.volume == Decimal("54.50")
    assert line.amount == Decimal("298.66")


def test_waste_is_by_registered_persons():
    line = compute_charge(flat(persons=3), "solid_waste_removal", WASTE, JUNE)

    assert line.basis == VolumeBasis.PERSONS
    assert line.amount == Decimal("149.40")


def test_floats_are_refused():
    with pytest.raises(TypeError):
        compute_charge(flat(), "water_supply", WATER, JANUARY, 5.1)


def test_closing_balance_moves_by_every_column():
    closing = closing_balance(
        opening=Decimal("100.00"),
        charged=Decimal("427.06"),
        benefit=Decimal("106.77"),
        subsidy=Decimal("50.00"),
        recalculation=Decimal("-10.00"),
        paid=Decimal("300.00"),
    )

    assert closing == Decimal("60.29")
