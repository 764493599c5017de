"""Rounding to kopecks, checked on many amounts: two places, never off by more
than half a kopeck, exact halves away from zero, and a rounded sum stays put."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cms.core.money import NBSP, format_number, to_kopecks

HALF_KOPECK = Decimal("0.005")

# Up to a billion hryvnias, with more places than any bill keeps.
amounts = st.decimals(
    min_value=-(10**9), max_value=10**9, places=6, allow_nan=False, allow_infinity=False
)
whole_kopecks = st.integers(min_value=-(10**11), max_value=10**11)

quick = settings(max_examples=100, deadline=None, database=None)


@quick
@given(amounts)
def test_a_rounded_amount_has_two_places_and_is_within_half_a_kopeck(amount):
    rounded = to_kopecks(amount)

    assert rounded.as_tuple().exponent == -2
    assert abs(rounded - amount) <= HALF_KOPECK


@quick
@given(whole_kopecks)
def test_an_exact_half_kopeck_goes_away_from_zero(kopecks):
    amount = Decimal(kopecks).scaleb(-2) + (
        HALF_KOPECK if kopecks >= 0 else -HALF_KOPECK
    )

    rounded = to_kopecks(amount)

    assert abs(rounded) == abs(amount) + HALF_KOPECK


@quick
@given(amounts)
def test_rounding_a_rounded_amount_changes_nothing(amount):
    rounded = to_kopecks(amount)

    assert to_kopecks(rounded) == rounded
    assert str(to_kopecks(rounded)) == str(rounded)


@quick
@given(amounts)
def test_the_shown_amount_reads_back_as_the_rounded_one(amount):
    shown = format_number(amount)

    assert Decimal(shown.replace(NBSP, "").replace(",", ".")) == to_kopecks(amount)
