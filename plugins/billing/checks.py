"""Checking a provider's charges against the tariffs the city publishes.

Each charge is recomputed with :mod:`plugins.billing.calculation` from the
tariff in force in its month, the dwelling's norm, area and registered persons,
and, where the dwelling's meters were read before and during the month, the
volume those readings give (:mod:`plugins.billing.metered`); a difference of
more than one kopeck is marked with every reason found. The tariffs and the
readings are read in one query each for all charges checked together, so a
page's query count does not grow with the number of months.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cms.core.money import format_number, format_quantity, to_kopecks
from cms.tariffs.models import Tariff, quantity_unit
from plugins.billing.calculation import (
    HEATING_SERVICES,
    CalculationError,
    compute_charge,
    pick_tariff,
)
from plugins.billing.choices import VolumeBasis
from plugins.billing.metered import ReadingBook

TOLERANCE = Decimal("0.01")


@dataclass
class ChargeCheck:
    """The outcome of checking one charge: ``differs`` with ``reasons``, or
    ``checked`` False with why it could not be recomputed."""

    expected: Decimal | None = None
    reasons: list = field(default_factory=list)
    checked: bool = True

    @property
    def differs(self):
        return self.checked and bool(self.reasons)


def money(value):
    return format_number(value)


def price(value):
    return format_number(value, places=None)


def differs(first, second):
    return abs(first - second) > TOLERANCE


class TariffBook:
    """The approved tariffs of some providers and services, loaded once; the
    tariff in force is picked once per provider, service, group and month."""

    def __init__(self, charges):
        provider_ids = {charge.account.provider_id for charge in charges}
        service_ids = {charge.service_id for charge in charges}
        self.tariffs = list(
            Tariff.objects.approved().filter(
                provider_id__in=provider_ids, service_id__in=service_ids
            )
        )
        self.picked = {}

    def pick(self, provider_id, service_id, group, month):
        key = (provider_id, service_id, group, month)
        if key not in self.picked:
            self.picked[key] = pick_tariff(
                self.tariffs,
                provider_id=provider_id,
                service_id=service_id,
                consumer_group=group,
                month=month,
            )
        return self.picked[key]

    def in_force(self, charge):
        """The tariffs in force for the charge's month, of the charge's consumer
        group when its tariff is known, otherwise of every group."""
        provider_id = charge.account.provider_id
        if charge.tariff is not None:
            groups = {charge.tariff.consumer_group}
        else:
            groups = {
                tariff.consumer_group
                for tariff in self.tariffs
                if tariff.provider_id == provider_id
                and tariff.service_id == charge.service_id
            }
        found = (
            self.pick(provider_id, charge.service_id, group, charge.period)
            for group in sorted(groups)
        )
        return [tariff for tariff in found if tariff is not None]


def choose_tariff(charge, candidates):
    """The one tariff to recompute with; among several groups, the one whose
    price the provider applied."""
    if len(candidates) == 1:
        return candidates[0]
    matching = [tariff for tariff in candidates if tariff.price == charge.price]
    return matching[0] if matching else None


def unchecked(reason):
    return ChargeCheck(reasons=[reason], checked=False)


def no_tariff_reason(charge, candidates):
    if not candidates:
        # As the bills and tables write a month; a month's name would need
        # its case after the preposition.
        month = date_format(charge.period, "m.Y")
        return _("no approved tariff of the provider was in force in %(month)s") % {
            "month": month
        }
    prices = "; ".join(price(tariff.price) for tariff in candidates)
    return _(
        "tariff applied %(applied)s matches none of the tariffs in force: %(prices)s"
    ) % {"applied": price(charge.price), "prices": prices}


def tariff_reason(charge, tariff):
    return _(
        "tariff applied %(applied)s differs from the tariff in force %(in_force)s"
    ) % {"applied": price(charge.price), "in_force": price(tariff.price)}


def volume_reason(dwelling, charge, line):
    values = {
        "volume": format_quantity(charge.volume),
        "expected": format_quantity(line.volume),
        "unit": quantity_unit(line.unit),
        "persons": dwelling.registered_persons,
    }
    if line.basis == VolumeBasis.NORM:
        return (
            ngettext(
                "volume %(volume)s %(unit)s differs from the norm %(expected)s %(unit)s "
                "for %(persons)s person",
                "volume %(volume)s %(unit)s differs from the norm %(expected)s %(unit)s "
                "for %(persons)s persons",
                dwelling.registered_persons,
            )
            % values
        )
    if line.basis == VolumeBasis.PERSONS:
        return _("volume %(volume)s differs from %(persons)s registered persons") % (
            values
        )
    if charge.service.code in HEATING_SERVICES and not line.volume:
        return _("heating is charged outside the heating season")
    return _(
        "volume %(volume)s %(unit)s differs from the area %(expected)s %(unit)s"
    ) % (values)


def meter_reason(charge, measured, line):
    """Why the volume is not what the meters say: the charge went by norm
    although they were read, or its volume differs from their readings."""
    values = {
        "volume": format_quantity(charge.volume),
        "expected": format_quantity(line.volume),
        "unit": quantity_unit(line.unit),
        "meters": measured.serial_numbers,
        "readings": "; ".join(
            _("%(start)s on %(start_on)s → %(end)s on %(end_on)s")
            % {
                "start": format_quantity(span.start_value),
                "start_on": date_format(span.start_on, "d.m.Y"),
                "end": format_quantity(span.end_value),
                "end_on": date_format(span.end_on, "d.m.Y"),
            }
            for span in measured.spans
        ),
    }
    if charge.volume_basis == VolumeBasis.NORM:
        return (
            _(
                "billed by the norm, %(volume)s %(unit)s, although meter "
                "%(meters)s was read: %(readings)s, %(expected)s %(unit)s"
            )
            % values
        )
    return (
        _(
            "volume %(volume)s %(unit)s differs from the readings of meter "
            "%(meters)s: %(readings)s, %(expected)s %(unit)s"
        )
        % values
    )


def arithmetic_reason(charge):
    product = to_kopecks(charge.volume * charge.price)
    if not differs(charge.charged, product):
        return None
    return _("charged %(charged)s ≠ %(volume)s × %(price)s = %(product)s") % {
        "charged": money(charge.charged),
        "volume": format_quantity(charge.volume),
        "price": price(charge.price),
        "product": money(product),
    }


def recompute(dwelling, charge, tariff, measured):
    """Reasons the charge differs from its recomputation at ``tariff``;
    ``measured`` is what the meters say of the month, or None."""
    if measured is not None:
        metered = measured.volume
    elif charge.volume_basis == VolumeBasis.METER:
        metered = charge.volume
    else:
        metered = None
    line = compute_charge(dwelling, charge.service.code, tariff, charge.period, metered)
    if not differs(charge.charged, line.amount):
        return ChargeCheck(expected=line.amount)

    reasons = []
    if charge.price != tariff.price:
        reasons.append(tariff_reason(charge, tariff))
    if charge.volume != line.volume and measured and line.basis == VolumeBasis.METER:
        reasons.append(meter_reason(charge, measured, line))
    elif charge.volume != line.volume:
        reasons.append(volume_reason(dwelling, charge, line))
    reasons.append(arithmetic_reason(charge))
    reasons = [reason for reason in reasons if reason]
    if not reasons:
        reasons.append(
            _("charged %(charged)s, recomputed %(expected)s")
            % {"charged": money(charge.charged), "expected": money(line.amount)}
        )
    return ChargeCheck(expected=line.amount, reasons=reasons)


def check_charge(dwelling, charge, book, readings):
    """Check one charge; ``book`` holds the tariffs of all charges checked,
    ``readings`` the dwelling's meter readings."""
    candidates = book.in_force(charge)
    tariff = choose_tariff(charge, candidates)
    if not candidates:
        return unchecked(no_tariff_reason(charge, candidates))
    if tariff is None:
        return ChargeCheck(reasons=[no_tariff_reason(charge, candidates)])

    try:
        check = recompute(dwelling, charge, tariff, readings.volume(charge))
    except CalculationError:
        return unchecked(_("the dwelling's water norm is not known to the portal"))

    # A benefit reduces the charge; more than the charge itself cannot be right.
    if charge.benefit > charge.charged:
        check.reasons.append(
            _("benefit %(benefit)s exceeds the charge %(charged)s")
            % {"benefit": money(charge.benefit), "charged": money(charge.charged)}
        )
    return check


def check_charges(dwelling, charges, readings=None):
    """``{charge id: ChargeCheck}`` for charges of ``dwelling``.

    Charges need ``account``, ``service`` and ``tariff`` loaded (select_related);
    the tariffs of them all are read in one query, the dwelling's meter
    readings (a ReadingBook, unless given) in another.
    """
    # TODO: the dwelling's area and registered persons are today's; checking
    # past months exactly needs their history, which exports do not carry yet.
    charges = list(charges)
    if not charges:
        return {}
    book = TariffBook(charges)
    readings = readings or ReadingBook(dwelling)
    return {
        charge.pk: check_charge(dwelling, charge, book, readings) for charge in charges
    }
