from datetime import date

import pytest

from plugins.subsidies.rules import income_period


@pytest.mark.parametrize(
    ("on", "first", "last"),
    [
        (date(2026, 12, 4), date(2026, 5, 1), date(2026, 10, 31)),
        (date(2027, 1, 31), date(2026, 6, 1), date(2026, 11, 30)),
        (date(2027, 2, 1), date(2026, 7, 1), date(2026, 12, 31)),
        (date(2028, 4, 15), date(2027, 9, 1), date(2028, 2, 29)),
    ],
)
def test_incomes_are_declared_for_six_months_ending_two_before(on, first, last):
    assert income_period(on) == (first, last)
