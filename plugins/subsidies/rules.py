"""The subsidy rules the application follows, in one place.

Incomes are declared for the six whole months that end two months before the
month of the application: someone applying in December declares May to
October, since November's income is not yet known to the employers and the
pension fund who confirm it.
"""

from calendar import monthrange
from datetime import date

INCOME_MONTHS = 6
# Months between the last declared month and the month of the application.
INCOME_LAG = 2


def month_shift(day, months):
    """The first day of the month ``months`` away from ``day``'s."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, 1)


def income_period(on):
    """(first day, last day) of the months whose income an application made
    on ``on`` declares."""
    last = month_shift(on, -INCOME_LAG)
    first = month_shift(last, 1 - INCOME_MONTHS)
    return first, date(last.year, last.month, monthrange(last.year, last.month)[1])
