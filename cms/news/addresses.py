"""The addresses an outage reaches: a street and the houses on it, written
the way an editor would ("1–15, 17, 21-25"), and whether a dwelling's
address is among them."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# One house ("17") or a range ("1–15"), with any dash.
PART = re.compile(r"^(\d+)(?:\s*[-–—]\s*(\d+))?$")
# Words before a street's name that dwellings and editors write differently.
STREET_WORDS = re.compile(
    r"\b(вул|вулиця|просп|проспект|пров|провулок|пл|площа|бульв|бульвар|узвіз)\b\.?"
)


def ranges(houses):
    """``houses`` as (first, last) number pairs; none for the whole street.
    A part that is no number or range raises ValueError naming it."""
    found = []
    for part in filter(None, (part.strip() for part in houses.split(","))):
        match = PART.match(part)
        if match is None:
            raise ValueError(part)
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if last < first:
            raise ValueError(part)
        found.append((first, last))
    return found


def validate_houses(houses):
    try:
        ranges(houses)
    except ValueError as error:
        raise ValidationError(
            _("«%(part)s» is neither a house number nor a range like 1–15.")
            % {"part": error.args[0]}
        ) from error


def house_number(house):
    """The number a house's address starts with: 12 for "12а" or "12/1"."""
    match = re.match(r"\s*(\d+)", house or "")
    return int(match.group(1)) if match else None


def street_name(street):
    """A street's name without its kind or punctuation, lower case:
    "вул. Соборна" and "Соборна вулиця" are both "соборна"."""
    plain = STREET_WORDS.sub(" ", street.lower().replace("’", "'"))
    return " ".join(re.sub(r"[^\w' -]", " ", plain).split())


def reaches(street, houses, dwelling_street, dwelling_house):
    """Whether an outage on ``street`` for ``houses`` reaches a dwelling."""
    if street_name(street) != street_name(dwelling_street):
        return False
    spans = ranges(houses)
    if not spans:
        return True
    number = house_number(dwelling_house)
    return number is not None and any(low <= number <= high for low, high in spans)
