"""A month as operators write it, ``YYYY-MM``, read the same everywhere."""

import re
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
