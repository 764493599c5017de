"""How a month's charge for one service of a dwelling is worked out.

Pure functions: they read the objects they are given and touch no database, so
the portal can recompute a provider's charge to check it, and the demo seed can
compute a year of charges for thousands of dwellings without a query per row.

The volume basis follows the tariff's unit:

* m³ — the metered volume when there is one, otherwise the dwelling's water
  norm times its registered persons (the same volume for water and sewerage);
* m² per month — the heated area for heating, and only in the heating season;
  the total area for every other service (building maintenance);
* person per month — the registered persons;
* Gcal and tonnes — only a metered or weighed volume.

The amount is volume × price rounded half up to whole kopecks.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from cms.core.money import to_kopecks
from cms.tariffs.models import Tariff, Unit
from plugins.billing.choices import VolumeBasis

ZERO = Decimal(0)

# The heating season of Ukrainian cities: heat may be supplied from October to
# April. The exact start and end dates are set by the city each year.
HEATING_SEASON_MONTHS = frozenset({10, 11, 12, 1, 2, 3, 4})
HEATING_SERVICES = frozenset({"central_heating"})
NORM_SERVICES = frozenset({"water_supply", "sewerage"})


class CalculationError(ValueError):
    """The charge cannot be computed from what is known about the dwelling."""


@dataclass(frozen=True)
class ChargeLine:
    """One computed line of a bill: how much, on what basis, at what price."""

    volume: Decimal
    basis: str
    unit: str
    price: Decimal
    amount: Decimal
    tariff: object = None


def as_decimal(value):
    """A Decimal of ``value``; floats are refused, their binary error would
    end up in kopecks."""
    if isinstance(value, float):
        raise TypeError("money and volumes are Decimal, never float")
    return Decimal(value)


def month_start(day):
    return date(day.year, day.month, 1)


def in_heating_season(month):
    return month.month in HEATING_SEASON_MONTHS


def covers(tariff, day):
    """Whether the tariff's period includes ``day`` (open ends count as open)."""
    starts = tariff.valid_from is None or tariff.valid_from <= day
    ends = tariff.valid_to is None or tariff.valid_to >= day
    return starts and ends


def pick_tariff(tariffs, *, provider_id, service_id, consumer_group, month):
    """The approved tariff in force on the first day of ``month``.

    ``tariffs`` is any iterable of Tariff objects (loaded once by the caller).
    When several approved tariffs cover the day, the one that started last
    wins: sources often give a new price without the old one's end date.
    Returns None when no tariff is in force.
    """
    # TODO: a tariff that changes mid-month applies from the next month; bills
    # that split the month by days would need both tariffs and a day count.
    day = month_start(month)
    candidates = [
        tariff
        for tariff in tariffs
        if tariff.status == Tariff.Status.APPROVED
        and tariff.provider_id == provider_id
        and tariff.service_id == service_id
        and tariff.consumer_group == consumer_group
        and covers(tariff, day)
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda tariff: tariff.valid_from or date.min)


def tariff_in_force(provider, service, consumer_group, month):
    """Look the tariff in force up in the database; see :func:`pick_tariff`."""
    tariffs = Tariff.objects.filter(
        provider=provider, service=service, consumer_group=consumer_group
    ).approved()
    return pick_tariff(
        tariffs,
        provider_id=provider.pk,
        service_id=service.pk,
        consumer_group=consumer_group,
        month=month,
    )


def cubic_metres(dwelling, service_code, metered_volume, norm_value):
    """(volume, basis) of a service billed per m³."""
    if metered_volume is not None:
        return as_decimal(metered_volume), VolumeBasis.METER

    if service_code not in NORM_SERVICES or norm_value is None:
        raise CalculationError(f"{service_code}: no meter reading and no norm")

    persons = Decimal(dwelling.registered_persons)
    return as_decimal(norm_value) * persons, VolumeBasis.NORM


def square_metres(dwelling, service_code, month):
    """(volume, basis) of a service billed per m² a month."""
    if service_code not in HEATING_SERVICES:
        return as_decimal(dwelling.total_area), VolumeBasis.AREA

    if not in_heating_season(month):
        return ZERO, VolumeBasis.AREA

    area = dwelling.heated_area or dwelling.total_area
    return as_decimal(area), VolumeBasis.AREA


def volume_for(dwelling, service_code, unit, month, metered_volume, norm_value):
    """(volume, basis) for one service of a dwelling in a month."""
    if unit == Unit.CUBIC_METRE:
        return cubic_metres(dwelling, service_code, metered_volume, norm_value)

    if unit == Unit.SQUARE_METRE_MONTH:
        return square_metres(dwelling, service_code, month)

    if unit == Unit.PERSON_MONTH:
        return Decimal(dwelling.registered_persons), VolumeBasis.PERSONS

    if metered_volume is None:
        raise CalculationError(
            f"{service_code}: a {unit} tariff needs a measured volume"
        )
    return as_decimal(metered_volume), VolumeBasis.METER


def water_norm_value(dwelling):
    norm = getattr(dwelling, "water_norm", None)
    return norm.value if norm is not None else None


def compute_charge(dwelling, service_code, tariff, month, metered_volume=None):
    """The month's charge of one service of ``dwelling`` at ``tariff``.

    ``dwelling`` needs ``total_area``, ``heated_area``, ``registered_persons``
    and ``water_norm`` (a ConsumptionNorm or None); ``metered_volume`` is the
    difference of two meter readings, or None to bill by norm or area.
    """
    volume, basis = volume_for(
        dwelling,
        service_code,
        tariff.unit,
        month,
        metered_volume,
        water_norm_value(dwelling),
    )

    price = as_decimal(tariff.price)
    return ChargeLine(
        volume=volume,
        basis=basis,
        unit=tariff.unit,
        price=price,
        amount=to_kopecks(volume * price),
        tariff=tariff,
    )


def closing_balance(opening, charged, benefit, subsidy, recalculation, paid):
    """What is owed at the end of the month; positive is a debt."""
    total = opening + charged - benefit - subsidy + recalculation - paid
    return to_kopecks(total)
