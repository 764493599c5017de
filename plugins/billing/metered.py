"""What the dwelling's meters say was used in a month, for checking a charge.

A provider bills a metered service from the latest reading of each month: the
month's volume is that reading less the latest one before the month began.
Sewerage has no meter of its own and is billed by the water meters. When one
of the meters the service is billed by has no reading in the month, or none
before it, the readings tell nothing and the charge is checked as exported.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from plugins.billing.models import MeterReading
from plugins.billing.months import next_month

# The service whose meters measure another service's volume.
MEASURED_BY = {"sewerage": "water_supply"}


@dataclass(frozen=True)
class MeterSpan:
    """One meter's readings that bound a month: the last before it, the last
    in it."""

    serial_number: str
    start_value: Decimal
    start_on: date
    end_value: Decimal
    end_on: date

    @property
    def volume(self):
        return self.end_value - self.start_value


@dataclass(frozen=True)
class MeteredVolume:
    """A month's volume of a service by the readings of all its meters."""

    spans: list

    @property
    def volume(self):
        return sum((span.volume for span in self.spans), Decimal(0))

    @property
    def serial_numbers(self):
        return ", ".join(span.serial_number for span in self.spans)


class ReadingBook:
    """Every reading of a dwelling's meters, read in one query, by meter."""

    def __init__(self, dwelling):
        self.meters = defaultdict(list)  # (account id, service code) → meters
        self.readings = defaultdict(list)  # meter id → (taken on, value), by date
        found = (
            MeterReading.objects.filter(meter__account__dwelling=dwelling)
            .order_by("meter_id", "taken_on", "id")
            .values_list(
                "meter_id",
                "meter__serial_number",
                "meter__account_id",
                "meter__service__code",
                "taken_on",
                "value",
            )
        )
        for meter_id, serial, account_id, code, taken_on, value in found:
            if meter_id not in self.readings:
                self.meters[(account_id, code)].append((meter_id, serial))
            self.readings[meter_id].append((taken_on, value))

    def meters_of(self, charge):
        """The meters the charge's service is measured by: its own account's,
        or for sewerage the water meters of any of the dwelling's accounts."""
        code = charge.service.code
        if code in MEASURED_BY:
            wanted = MEASURED_BY[code]
            return [
                meter
                for (_account_id, service), meters in self.meters.items()
                if service == wanted
                for meter in meters
            ]
        return self.meters.get((charge.account_id, code), [])

    def span(self, meter_id, serial, period):
        """The meter's readings bounding the month of ``period``, or None."""
        start, end = None, None
        following = next_month(period)
        for taken_on, value in self.readings[meter_id]:
            if taken_on < period:
                start = (taken_on, value)
            elif taken_on < following:
                end = (taken_on, value)
        if start is None or end is None:
            return None
        return MeterSpan(serial, start[1], start[0], end[1], end[0])

    def volume(self, charge):
        """What the meters say was used in the charge's month, or None when
        the service has no read meter or a meter lacks a reading."""
        meters = self.meters_of(charge)
        if not meters:
            return None
        spans = [
            self.span(meter_id, serial, charge.period) for meter_id, serial in meters
        ]
        if any(span is None for span in spans):
            return None
        return MeteredVolume(spans)
