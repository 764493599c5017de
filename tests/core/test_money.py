from decimal import Decimal

import pytest

from cms.core.money import format_number, format_quantity, format_uah, to_kopecks

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("amount", "kopecks"),
    [
        ("427.0644", "427.06"),
        ("0.005", "0.01"),
        ("2.675", "2.68"),
        ("-0.005", "-0.01"),
        ("1234.5", "1234.50"),
    ],
)
def test_amounts_round_half_up_to_kopecks(amount, kopecks):
    assert to_kopecks(Decimal(amount)) == Decimal(kopecks)


def test_hryvnias_are_shown_with_spaces_between_thousands_and_a_comma():
    assert format_uah(Decimal("1234.56")) == f"1{NBSP}234,56{NBSP}грн"
    assert format_uah(Decimal("1234567.8")) == f"1{NBSP}234{NBSP}567,80{NBSP}грн"
    assert format_uah(Decimal("-75.1")) == f"-75,10{NBSP}грн"
    assert format_uah(Decimal("0")) == f"0,00{NBSP}грн"


def test_tariff_prices_keep_their_significant_places():
    assert format_number(Decimal("29.0520"), places=None) == "29,052"
    assert format_number(Decimal("11.4000"), places=None) == "11,40"
    assert format_number(Decimal("1756.68"), places=None) == f"1{NBSP}756,68"


@pytest.mark.parametrize(
    ("volume", "shown"),
    [
        ("3.000", "3"),
        ("22.050", "22,05"),
        ("54.500", "54,5"),
        ("34.422", "34,422"),
        ("0.000", "0"),
        ("100", "100"),
        ("1500.250", f"1{NBSP}500,25"),
    ],
)
def test_volumes_show_only_their_significant_places(volume, shown):
    assert format_quantity(Decimal(volume)) == shown


def test_a_minimum_of_places_can_be_asked_for():
    assert format_number(Decimal("3.000"), places=None, min_places=1) == "3,0"
    assert format_number(Decimal("3.125"), places=None, min_places=1) == "3,125"
