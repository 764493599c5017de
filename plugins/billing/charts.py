"""The geometry of the cabinet's history charts, drawn as inline SVG.

Pure functions over the rows of :func:`plugins.billing.services.history` and
the charges of :func:`plugins.billing.services.service_history`: they return
boxes, ticks and labels in the chart's own coordinates, and the template only
writes them out, so the charts need no JavaScript and no query. Amounts
below zero (a month whose recalculation refunds more than was charged) are
drawn as empty bars on the zero line; the table under the chart keeps the
exact figure.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _

from cms.core.money import NBSP, format_number, format_quantity
from cms.tariffs.models import quantity_unit

ZERO = Decimal(0)

# The chart's own coordinate system (the SVG viewBox); CSS scales it to fit.
WIDTH = 480
HEIGHT = 220
LEFT = 58  # room for the axis labels
RIGHT = 6
TOP = 10
BOTTOM = 40  # room for two lines of month labels
TICKS = 4
BAR_SHARE = Decimal("0.7")  # of each month's slot; the rest is the gap

# Steps of a "nice" axis maximum inside every power of ten.
NICE_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


@dataclass(frozen=True)
class Bar:
    """One value drawn as a box; ``label`` is the value written for people."""

    x: Decimal
    y: Decimal
    width: Decimal
    height: Decimal
    label: str


@dataclass(frozen=True)
class Series:
    name: str
    css_class: str
    bars: list


@dataclass(frozen=True)
class Tick:
    y: Decimal
    label: str


@dataclass(frozen=True)
class MonthLabel:
    x: Decimal
    text: str
    year: str  # written under the first month and each January, else empty


@dataclass(frozen=True)
class Chart:
    """A whole bar chart: what to draw and how to describe it in words."""

    title: str
    description: str
    series: list
    ticks: list
    months: list
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM


def axis_step(value):
    """The smallest 1, 2, 2.5 or 5 times a power of ten that reaches ``value``
    in at most ``TICKS`` steps, so every tick is a round number."""
    least = Decimal(value) / TICKS
    power = Decimal(10) ** least.adjusted()
    return next(step * power for step in NICE_STEPS if step * power >= least)


def nice_maximum(value):
    """Where the axis ends: the first round tick not below ``value``; 1 for
    nothing to show, so an empty chart still has an axis."""
    value = Decimal(value)
    if value <= 0:
        return Decimal(1)
    step = axis_step(value)
    return step * math.ceil(value / step)


def plot_height():
    return Decimal(HEIGHT - TOP - BOTTOM)


def bar_height(value, maximum):
    """How tall ``value`` is drawn against an axis up to ``maximum``."""
    shown = max(Decimal(value), ZERO)
    return (shown / maximum * plot_height()).quantize(Decimal("0.1"))


def axis_ticks(maximum, format_value):
    """Labelled lines from zero to ``maximum``, one round step apart."""
    step = axis_step(maximum)
    count = int(maximum / step)
    ticks = []
    for index in range(count + 1):
        y = Decimal(HEIGHT - BOTTOM) - plot_height() * index / count
        label = format_value(step * index)
        ticks.append(Tick(y=y.quantize(Decimal("0.1")), label=label))
    return ticks


def slot_width(months):
    return (Decimal(WIDTH - RIGHT - LEFT) / max(months, 1)).quantize(Decimal("0.01"))


def month_labels(periods):
    """Ukrainian month abbreviations under each slot, and the year under each
    January and under the first month unless a January follows too closely
    for both years to fit."""
    slot = slot_width(len(periods))
    labels = []
    for index, period in enumerate(periods):
        centre = LEFT + slot * index + slot / 2
        first = index == 0 and all(later.month != 1 for later in periods[1:3])
        year = str(period.year) if first or period.month == 1 else ""
        labels.append(MonthLabel(x=centre, text=str(MONTHS_3[period.month]), year=year))
    return labels


def bars(values, maximum, position, count, format_value):
    """The bars of one series; ``position`` of ``count`` side by side per month."""
    slot = slot_width(len(values))
    width = (slot * BAR_SHARE / count).quantize(Decimal("0.01"))
    offset = (slot - width * count) / 2 + width * position
    found = []
    for index, value in enumerate(values):
        height = bar_height(value, maximum)
        found.append(
            Bar(
                x=LEFT + slot * index + offset,
                y=HEIGHT - BOTTOM - height,
                width=width,
                height=height,
                label=format_value(value),
            )
        )
    return found


def axis_number(value):
    """Axis labels keep only their significant places: ``2 500``, ``0,25``."""
    return format_quantity(value)


def bar_chart(title, periods, named_values, format_value):
    """A chart of one or more series over ``periods`` (oldest first).

    ``named_values`` is a list of (name, css class, values) per series.
    """
    tallest = max(
        (max(values, default=ZERO) for _name, _css, values in named_values),
        default=ZERO,
    )
    maximum = nice_maximum(tallest)
    series = [
        Series(name, css, bars(values, maximum, index, len(named_values), format_value))
        for index, (name, css, values) in enumerate(named_values)
    ]
    return Chart(
        title=title,
        description=describe(periods, series),
        series=series,
        ticks=axis_ticks(maximum, axis_number),
        months=month_labels(periods),
    )


def describe(periods, series):
    """The chart in words for screen readers: each month's values."""
    months = []
    for index, period in enumerate(periods):
        values = ", ".join(f"{one.name} {one.bars[index].label}" for one in series)
        months.append(f"{MONTHS_3[period.month]} {period.year}: {values}")
    return "; ".join(months)


def money_label(value):
    return format_number(value) + "\u00a0" + _("UAH")


def volume_label(value):
    return format_quantity(value) + "\u00a0" + _("m³")


def month_due(row):
    """What a month asked for after benefit, subsidy and recalculation."""
    return row["charged"] - row["relief"] + row["recalculation"]


def money_chart(history):
    """Due against paid per month; ``history`` is latest first, as the table."""
    rows = list(reversed(history))
    periods = [row["period"] for row in rows]
    return bar_chart(
        _("Due and paid per month"),
        periods,
        [
            (_("due"), "due", [month_due(row) for row in rows]),
            (_("paid"), "paid", [row["paid"] for row in rows]),
        ],
        money_label,
    )


def water_chart(history):
    """Water used per month, or None when the dwelling is not billed for water."""
    rows = list(reversed(history))
    if all(row.get("water_volume") is None for row in rows):
        return None
    periods = [row["period"] for row in rows]
    volumes = [row.get("water_volume") or ZERO for row in rows]
    return bar_chart(
        _("Water used per month"),
        periods,
        [(_("water, m³"), "water", volumes)],
        volume_label,
    )


def history_charts(history):
    """The charts shown above the history table; none for an empty history."""
    if not history:
        return []
    found = [money_chart(history), water_chart(history)]
    return [chart for chart in found if chart is not None]


def charge_row(charge):
    """One month of a service in the shape of a history row, so that its money
    is charted exactly as the dwelling's is."""
    return {
        "period": charge.period,
        "charged": charge.charged,
        "relief": charge.benefit + charge.subsidy,
        "recalculation": charge.recalculation,
        "paid": charge.paid,
    }


def common_unit(charges):
    """The unit every month's volume is in, as written after a number, or None
    when the months tell none or disagree: bars of different units on one axis
    would compare what cannot be compared."""
    units = {str(quantity_unit(charge.unit)) for charge in charges if charge.unit}
    return units.pop() if len(units) == 1 else None


def consumption_chart(charges):
    """The service's volume per month in its own unit (m³, Gcal, m², persons),
    or None without one common unit; ``charges`` is latest first, as the table."""
    unit = common_unit(charges)
    if unit is None:
        return None
    charges = list(reversed(charges))
    return bar_chart(
        _("Volume per month, %(unit)s") % {"unit": unit},
        [charge.period for charge in charges],
        [(_("volume"), "volume", [charge.volume for charge in charges])],
        lambda value: format_quantity(value) + NBSP + unit,
    )


def service_charts(charges):
    """The charts of one service of a dwelling: money as on the dwelling's
    page, then the volume; none for no charges."""
    if not charges:
        return []
    found = [
        money_chart([charge_row(charge) for charge in charges]),
        consumption_chart(charges),
    ]
    return [chart for chart in found if chart is not None]
