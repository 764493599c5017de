"""Money in hryvnias: Decimal, two places, rounded half up; shown the Ukrainian way."""

from decimal import ROUND_HALF_UP, Decimal

KOPECK = Decimal("0.01")
NBSP = "\u00a0"


def to_kopecks(value):
    """Round an amount to whole kopecks, half up, as bills and banks do."""
    return Decimal(value).quantize(KOPECK, rounding=ROUND_HALF_UP)


def group_thousands(digits):
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return NBSP.join(groups)


def format_number(value, places=2, min_places=2):
    """``1234.5`` -> ``1 234,50``: a no-break space between thousands, comma for
    the decimal point. ``places=None`` keeps the significant places, at least
    ``min_places`` (a tariff of 29.052 stays ``29,052``)."""
    value = Decimal(value)
    if places is None:
        places = max(min_places, -value.normalize().as_tuple().exponent)
    quantum = Decimal(1).scaleb(-places)
    text = f"{abs(value.quantize(quantum, rounding=ROUND_HALF_UP)):f}"
    whole, _, fraction = text.partition(".")
    sign = "-" if value < 0 and text.strip("0.") else ""
    number = sign + group_thousands(whole)
    return f"{number},{fraction}" if fraction else number


def format_quantity(value):
    """A measured volume with only its significant places: ``3.000`` persons ->
    ``3``, ``22.050`` m³ -> ``22,05``, ``54.500`` m² -> ``54,5``."""
    return format_number(value, places=None, min_places=0)


def format_uah(value, places=2):
    """``1234.56`` -> ``1 234,56 грн``."""
    return f"{format_number(value, places)}{NBSP}грн"
