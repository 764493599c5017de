"""The bill explains itself: how each charge of a month was computed, and why
it differs from the month before.

Pure functions over charges the caller has already read (the month and the
month before, in one query), so explaining a bill costs no query per row. The
number of registered persons is not stored on a charge; it is read back from
the volume where the basis makes that possible (by norm, by persons).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cms.core.money import format_number, format_quantity
from cms.tariffs.models import quantity_unit
from plugins.billing.calculation import HEATING_SERVICES, in_heating_season
from plugins.billing.choices import VolumeBasis

ZERO = Decimal(0)


@dataclass
class Explanation:
    """``how`` a charge was computed and ``changes`` since the month before;
    ``changes`` is empty when there is no month before to compare with."""

    how: list = field(default_factory=list)
    changes: list = field(default_factory=list)


def money(value):
    return format_number(value)


def unit_of(charge):
    return str(quantity_unit(charge.unit)) if charge.unit else ""


def persons_text(count):
    return ngettext("%(count)s person", "%(count)s persons", count) % {"count": count}


def norm_of(dwelling):
    norm = getattr(dwelling, "water_norm", None)
    return norm.value if norm is not None else None


def persons_of(charge, norm):
    """The registered persons a charge was computed for, or None when its
    basis does not tell."""
    if charge.volume_basis == VolumeBasis.PERSONS:
        count = charge.volume
    elif charge.volume_basis == VolumeBasis.NORM and norm:
        count = charge.volume / norm
    else:
        return None
    return int(count) if count == int(count) else None


def basis_line(charge, dwelling):
    """On what the volume rests, when it is not a meter: norm, area, persons."""
    if charge.volume_basis == VolumeBasis.NORM:
        persons = dwelling.registered_persons
        norm = norm_of(dwelling) or (charge.volume / persons if persons else None)
        if norm is None:
            return None
        return _("by the norm of %(norm)s %(unit)s × %(persons)s") % {
            "norm": format_quantity(norm),
            "unit": unit_of(charge),
            "persons": persons_text(persons),
        }
    if charge.volume_basis == VolumeBasis.AREA:
        return _("by the area of %(area)s m²") % {
            "area": format_quantity(charge.volume)
        }
    if charge.volume_basis == VolumeBasis.PERSONS:
        count = int(charge.volume)
        # Its own phrase, not "for" + persons_text: «на 1 особу» takes another
        # case than «1 особа».
        return ngettext("for %(count)s person", "for %(count)s persons", count) % {
            "count": count
        }
    return None


def formula_line(charge):
    """``29,052 грн × 22,05 м³ = 640,60 грн``: tariff times volume."""
    return _("%(price)s UAH × %(volume)s %(unit)s = %(amount)s UAH") % {
        "price": format_number(charge.price, places=None),
        "volume": format_quantity(charge.volume),
        "unit": unit_of(charge),
        "amount": money(charge.charged),
    }


def adjustment_lines(charge):
    """Benefit, subsidy and recalculation, each only when there is one."""
    lines = []
    if charge.benefit:
        lines.append(_("benefit −%(amount)s UAH") % {"amount": money(charge.benefit)})
    if charge.subsidy:
        lines.append(_("subsidy −%(amount)s UAH") % {"amount": money(charge.subsidy)})
    if charge.recalculation:
        lines.append(
            _("recalculation %(amount)s UAH") % {"amount": signed(charge.recalculation)}
        )
    return lines


def signed(value):
    """A recalculation with its sign: ``+10,00`` or ``−10,00``."""
    sign = "+" if value > 0 else "−"
    return sign + money(abs(value))


def meter_line(charge, readings):
    """Which readings a metered volume rests on, or that a meter went unread
    and the norm was used instead; None when the readings tell nothing."""
    if readings is None:
        return None
    measured = readings.volume(charge)
    if measured is not None and charge.volume_basis == VolumeBasis.METER:
        return _("by meter %(meters)s: %(readings)s") % {
            "meters": measured.serial_numbers,
            "readings": "; ".join(
                f"{format_quantity(span.start_value)} → {format_quantity(span.end_value)}"
                for span in measured.spans
            ),
        }
    unread = measured is None and readings.meters_of(charge)
    if charge.volume_basis == VolumeBasis.NORM and unread:
        return _("the meter was not read for this month, so the norm applies")
    return None


def how_lines(charge, dwelling, readings=None):
    lines = [
        meter_line(charge, readings),
        basis_line(charge, dwelling),
        formula_line(charge),
    ]
    return [line for line in lines if line] + adjustment_lines(charge)


def season_change(charge, before):
    """The heating season's start or end between two months, for heating."""
    if charge.service.code not in HEATING_SERVICES:
        return None
    now, then = in_heating_season(charge.period), in_heating_season(before.period)
    if now and not then:
        return _("the heating season started")
    if then and not now:
        return _("the heating season ended")
    return None


def tariff_change(charge, before):
    if charge.price == before.price:
        return None
    return _("the tariff changed: %(old)s → %(new)s UAH") % {
        "old": format_number(before.price, places=None),
        "new": format_number(charge.price, places=None),
    }


def persons_change(charge, before, norm):
    now, then = persons_of(charge, norm), persons_of(before, norm)
    if now is None or then is None or now == then:
        return None
    return ngettext(
        "registered persons changed: %(old)s → %(new)s person",
        "registered persons changed: %(old)s → %(new)s persons",
        now,
    ) % {"old": then, "new": now}


def volume_change(charge, before):
    if charge.volume == before.volume:
        return None
    return _("the volume changed: %(old)s → %(new)s %(unit)s") % {
        "old": format_quantity(before.volume),
        "new": format_quantity(charge.volume),
        "unit": unit_of(charge),
    }


def recalculation_change(charge):
    if not charge.recalculation:
        return None
    return _("a recalculation of %(amount)s UAH") % {
        "amount": signed(charge.recalculation)
    }


def change_lines(charge, before, norm):
    """Why the charge differs from the month before, or "no changes"."""
    # The season or the persons explain the volume; saying both would repeat.
    cause = season_change(charge, before) or persons_change(charge, before, norm)
    found = [
        tariff_change(charge, before),
        cause or volume_change(charge, before),
        recalculation_change(charge),
    ]
    return [line for line in found if line] or [_("no changes")]


def explain(charge, before, dwelling, readings=None):
    """The explanation of one charge; ``before`` is the month before's charge
    of the same account and service, or None; ``readings`` the dwelling's
    meter readings (plugins.billing.metered.ReadingBook), when known."""
    changes = change_lines(charge, before, norm_of(dwelling)) if before else []
    return Explanation(how=how_lines(charge, dwelling, readings), changes=changes)


def explain_month(dwelling, charges, previous, readings=None):
    """``{charge id: Explanation}`` of a month's charges; ``previous`` maps
    (account id, service id) to the month before's charge."""
    return {
        charge.pk: explain(
            charge,
            previous.get((charge.account_id, charge.service_id)),
            dwelling,
            readings,
        )
        for charge in charges
    }
