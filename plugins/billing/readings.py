"""Meter readings: residents submit what their meters show, providers receive
each month's readings as a CSV file for their billing.

A dwelling holds at most one reading per meter and day. A new reading must be
of a later day than the meter's latest one, not below it, and not imply more
consumption than ``consumption_limit`` allows; whatever is refused is refused
with a message naming the value and the previous reading.

A reading of the same day as the meter's latest one corrects it, when the
resident submitting it submitted that latest one and its month is not over:
the corrected value replaces the old one and is checked against the reading
before it.
"""

import logging
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.core.money import format_quantity
from plugins.billing.downloads import CHUNK_ROWS, csv_lines
from plugins.billing.due import today_in_kyiv
from plugins.billing.models import Meter, MeterReading, ReadingSource

logger = logging.getLogger(__name__)

# Units the meters of each service count in.
UNITS = {
    "water_supply": gettext_lazy("m³"),
    "central_heating": gettext_lazy("Gcal"),
}

# A reading is implausible when it implies more than ten times what the norm
# allows the dwelling's persons over the days elapsed: a typo such as an extra
# digit, not a thirsty household.
NORM_FACTOR = 10

# Where no norm applies (a heat meter, or a dwelling without a water norm
# category), the most a whole dwelling is taken to use in a month.
MONTHLY_CAPS = {
    "water_supply": Decimal("60"),
    "central_heating": Decimal("8"),
}
DEFAULT_MONTHLY_CAP = Decimal("100")

DAYS_IN_MONTH = 30

CSV_DELIMITER = ";"
CSV_COLUMNS = [
    "account",
    "service",
    "meter",
    "taken_on",
    "value",
    "previous_taken_on",
    "previous_value",
    "consumption",
    "source",
]

# Readings a day or two apart are still allowed three days' worth of the limit:
# a meter read on one morning and the next day's evening has run nearly two
# days, and a day of laundry and baths is far above an average one. For a
# dwelling on a water norm three days' worth is a whole month of the norm itself
# (7 m³ for two persons on 3,5 m³), which still catches a slipped digit.
MIN_DAYS = 3

# Meters count in thousandths; the limit is stated and compared at that place,
# rounded down, so the figure the resident is told is itself accepted.
READING_PLACE = Decimal("0.001")


class ReadingRefusedError(Exception):
    """A reading that cannot be accepted; ``str()`` says why, for the resident."""


def unit_of(meter):
    return UNITS.get(meter.service.code, "")


def meters_of(dwelling):
    """The dwelling's meters, in bill order."""
    return list(
        Meter.objects.filter(account__dwelling=dwelling).select_related(
            "service", "account__provider", "account__dwelling__water_norm"
        )
    )


def monthly_limit(meter):
    """The most a meter may plausibly advance in a month.

    For water with a norm category it is ``NORM_FACTOR`` × the monthly norm per
    person × registered persons (at least one); otherwise the service's
    ``MONTHLY_CAPS``.
    """
    dwelling = meter.account.dwelling
    norm = dwelling.water_norm
    if meter.service.code == "water_supply" and norm is not None:
        persons = max(dwelling.registered_persons, 1)
        return NORM_FACTOR * norm.value * persons
    return MONTHLY_CAPS.get(meter.service.code, DEFAULT_MONTHLY_CAP)


def consumption_limit(meter, earlier, later):
    """The most a meter may plausibly advance between two readings: the
    monthly limit for the days elapsed (at least ``MIN_DAYS``), as a share of
    a ``DAYS_IN_MONTH``-day month. Consumption equal to the limit is accepted.
    """
    days = max((later - earlier).days, MIN_DAYS)
    limit = monthly_limit(meter) * days / DAYS_IN_MONTH
    return limit.quantize(READING_PLACE, rounding=ROUND_DOWN)


def latest_reading(meter):
    return meter.readings.order_by("-taken_on", "-id").first()


def check_reading(meter, value, taken_on, previous, today):
    """Raise ReadingRefusedError when the reading cannot be accepted."""
    if taken_on > today:
        raise ReadingRefusedError(
            _("The date %(date)s is in the future; enter the day you read the meter.")
            % {"date": date_format(taken_on, "d.m.Y")}
        )
    if previous is None:
        return

    named = {
        "value": format_quantity(value),
        "previous": format_quantity(previous.value),
        "previous_date": date_format(previous.taken_on, "d.m.Y"),
        "unit": unit_of(meter),
    }
    if taken_on <= previous.taken_on:
        raise ReadingRefusedError(
            _(
                "The meter already has a reading of %(previous)s %(unit)s on "
                "%(previous_date)s; a new reading must be of a later day."
            )
            % named
        )
    if value < previous.value:
        raise ReadingRefusedError(
            _(
                "The reading %(value)s %(unit)s is below the previous reading "
                "%(previous)s %(unit)s of %(previous_date)s. Check the digits."
            )
            % named
        )

    consumption = value - previous.value
    limit = consumption_limit(meter, previous.taken_on, taken_on)
    if consumption > limit:
        raise ReadingRefusedError(
            _(
                "The reading %(value)s %(unit)s would mean %(consumption)s %(unit)s "
                "since the previous reading %(previous)s %(unit)s of "
                "%(previous_date)s, more than the plausible %(limit)s %(unit)s. "
                "Check the digits, or call the provider."
            )
            % {
                **named,
                "consumption": format_quantity(consumption),
                "limit": format_quantity(limit),
            }
        )


@dataclass
class Submitted:
    """A reading as recorded, and the value it replaced when it corrected the
    resident's own reading of the same day (None for a new reading)."""

    reading: MeterReading
    replaced: Decimal | None = None


def submit_reading(user, meter, value, taken_on, today=None):
    """Record a resident's reading of a meter of their dwelling, or correct
    their own latest reading when ``taken_on`` is its day; a ``Submitted``.

    Raises PermissionDenied when ``user`` is not linked to the meter's dwelling
    and ReadingRefusedError (with the resident's message) for an implausible
    reading or a correction that is not theirs to make.
    """
    today = today or today_in_kyiv()
    if not meter.account.dwelling.residents.filter(pk=user.pk).exists():
        raise PermissionDenied("Only the dwelling's residents submit its readings.")

    with transaction.atomic():
        # Two submissions for one meter at once are checked one after another.
        Meter.objects.select_for_update().filter(pk=meter.pk).first()
        latest = latest_reading(meter)
        if latest is not None and latest.taken_on == taken_on:
            submitted = correct_reading(user, meter, latest, value, today)
        else:
            submitted = record_reading(user, meter, value, taken_on, latest, today)

    log_submission(user, meter, submitted)
    return submitted


def record_reading(user, meter, value, taken_on, latest, today):
    check_reading(meter, value, taken_on, latest, today)
    reading = MeterReading.objects.create(
        meter=meter,
        value=value,
        taken_on=taken_on,
        source=ReadingSource.RESIDENT,
        submitted_by=user,
    )
    return Submitted(reading)


def correct_reading(user, meter, reading, value, today):
    """Replace ``reading`` (the meter's latest) with ``value``, checked against
    the reading before it."""
    check_correction(user, meter, reading, today)
    before = reading_before(meter, reading)
    check_reading(meter, value, reading.taken_on, before, today)
    if value == reading.value:
        return Submitted(reading)

    replaced = reading.value
    reading.value = value
    reading.submitted_at = timezone.now()
    reading.save(update_fields=["value", "submitted_at"])
    return Submitted(reading, replaced)


def log_submission(user, meter, submitted):
    done = "submitted" if submitted.replaced is None else "corrected"
    logger.info(
        "reading %s of meter %s %s by user %s",
        submitted.reading.pk,
        meter.pk,
        done,
        user.pk,
    )


def reading_before(meter, reading):
    return (
        meter.readings.filter(taken_on__lt=reading.taken_on)
        .order_by("-taken_on", "-id")
        .first()
    )


def check_correction(user, meter, reading, today):
    """Raise ReadingRefusedError unless ``user`` may correct ``reading``: one
    they submitted themselves, in the current month."""
    named = {
        "previous": format_quantity(reading.value),
        "previous_date": date_format(reading.taken_on, "d.m.Y"),
        "unit": unit_of(meter),
    }
    if reading.source != ReadingSource.RESIDENT:
        raise ReadingRefusedError(
            _(
                "The reading %(previous)s %(unit)s of %(previous_date)s was "
                "recorded by the provider and cannot be corrected here. If it is "
                "wrong, call the provider."
            )
            % named
        )
    if reading.submitted_by_id != user.pk:
        raise ReadingRefusedError(
            _(
                "The reading %(previous)s %(unit)s of %(previous_date)s was "
                "submitted by another resident; only the one who submitted it "
                "can correct it."
            )
            % named
        )

    # TODO: exports are not recorded (export_readings only logs them), so the
    # portal cannot tell whether the provider has taken this reading. A month's
    # readings are exported for its billing once it is over, so a reading is
    # taken to be the resident's to correct until its month ends in Kyiv;
    # recording each export would let a correction stop exactly there.
    if reading.taken_on.replace(day=1) != today.replace(day=1):
        raise ReadingRefusedError(
            _(
                "The reading %(previous)s %(unit)s of %(previous_date)s can no "
                "longer be corrected: its month is over and the provider may "
                "already have taken it. If it is wrong, call the provider."
            )
            % named
        )


@dataclass
class HistoryRow:
    """One reading and what was consumed since the meter's previous one."""

    reading: MeterReading
    consumption: Decimal | None
    unit: str


def history(dwelling):
    """Every reading of the dwelling's meters, the latest first, in one query."""
    readings = (
        MeterReading.objects.filter(meter__account__dwelling=dwelling)
        .select_related("meter__service")
        .order_by("meter_id", "taken_on", "id")
    )

    rows, previous = [], {}
    for reading in readings:
        before = previous.get(reading.meter_id)
        consumption = reading.value - before.value if before else None
        rows.append(HistoryRow(reading, consumption, unit_of(reading.meter)))
        previous[reading.meter_id] = reading

    rows.sort(key=lambda row: (row.reading.taken_on, row.reading.pk), reverse=True)
    return rows


def month_readings(provider, period):
    """The latest reading of each of the provider's meters in the month of
    ``period``, with the reading before it, by account and service."""
    start = period.replace(day=1)
    end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    latest = (
        MeterReading.objects.filter(
            meter__account__provider=provider, taken_on__gte=start, taken_on__lt=end
        )
        .order_by("meter_id", "-taken_on", "-id")
        .distinct("meter_id")
        .values("pk")
    )
    before = MeterReading.objects.filter(
        meter=OuterRef("meter"), taken_on__lt=OuterRef("taken_on")
    ).order_by("-taken_on", "-id")

    # Ordered by the database, so that the rows can be read in chunks.
    return (
        MeterReading.objects.filter(pk__in=latest)
        .select_related("meter__service", "meter__account")
        .annotate(
            previous_value=Subquery(before.values("value")[:1]),
            previous_taken_on=Subquery(before.values("taken_on")[:1]),
        )
        .order_by("meter__account__number", "meter__service__sort_order", "meter_id")
    )


def csv_decimal(value):
    """Three decimals with a comma, as Ukrainian spreadsheets read them."""
    if value is None:
        return ""
    return f"{value:.3f}".replace(".", ",")


def csv_row(reading):
    previous = reading.previous_value
    consumption = reading.value - previous if previous is not None else None
    return [
        reading.meter.account.number,
        reading.meter.service.code,
        reading.meter.serial_number,
        reading.taken_on.isoformat(),
        csv_decimal(reading.value),
        reading.previous_taken_on.isoformat() if reading.previous_taken_on else "",
        csv_decimal(previous),
        csv_decimal(consumption),
        reading.source,
    ]


def export_readings(provider, period, user=None):
    """The lines of the CSV file (see docs/formats.md) of the month's readings
    of the provider's meters, made as the readings are read: iterate once.

    ``user`` is the staff member downloading it, or None for an operator's
    command; staff need the ``billing.export_meterreading`` permission, which
    is checked at once, before any line is made.
    """
    if user is not None and not user.has_perm("billing.export_meterreading"):
        raise PermissionDenied("This user may not export meter readings.")
    return reading_lines(provider, period, user)


def reading_lines(provider, period, user):
    rows = 0
    readings = month_readings(provider, period).iterator(chunk_size=CHUNK_ROWS)
    lines = csv_lines(CSV_COLUMNS, (csv_row(one) for one in readings), CSV_DELIMITER)
    yield next(lines)
    for line in lines:
        rows += 1
        yield line

    logger.info(
        "readings of provider %s for %s exported: %d rows, user %s",
        provider.pk,
        f"{period:%Y-%m}",
        rows,
        user.pk if user is not None else "-",
    )
