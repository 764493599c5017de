"""Months as the portal counts them: a month is its first day. How operators
write one (``YYYY-MM``), and the month's last day, the next and the one before,
worked out in one place."""

import re
from calendar import monthrange
from datetime import date

from django.utils.translation import gettext as _

MONTH = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")


def parse_month(text):
    """The first day of the month ``text`` names; ValueError, with the
    sentence to show, when it is not ``YYYY-MM``."""
    match = MONTH.fullmatch(text.strip())
    if not match:
        raise ValueError(
            _("The month must be written as YYYY-MM, e.g. 2026-11, not %(value)s.")
            % {"value": text}
        )
    return date(int(match[1]), int(match[2]), 1)


def month_end(period):
    """The last day of the month of ``period``."""
    return date(period.year, period.month, monthrange(period.year, period.month)[1])


def next_month(period):
    """The first day of the month after ``period``'s."""
    year, month = divmod(period.year * 12 + period.month, 12)
    return date(year, month + 1, 1)


def previous_month(period):
    """The first day of the month before ``period``'s."""
    year, month = divmod(period.year * 12 + period.month - 2, 12)
    return date(year, month + 1, 1)
