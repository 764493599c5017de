"""A provider's record turned into the portal's fields, as text.

The result feeds the same converters and checks as the portal's own format, so
every rule of docs/formats.md applies to every provider's layout.
"""

import re

from django.utils.translation import gettext as _

from plugins.billing.importing.rows import COLUMNS, RowError

MONTH_DOT_YEAR = re.compile(r"(0?[1-9]|1[0-2])\.([0-9]{4})")
YEAR = re.compile(r"[0-9]{4}")
MONTH = re.compile(r"[0-9]{1,2}")

NUMERIC_FIELDS = (
    "total_area",
    "volume",
    "price",
    "opening_balance",
    "charged",
    "benefit",
    "subsidy",
    "recalculation",
    "paid",
    "closing_balance",
)


def portal_values(line, record, export_format):
    """``(values, problems)``: the portal's fields of one provider record, in
    the order of the provider's columns, and what could not be translated."""
    values, problems = {}, []
    for name in ordered_fields(record, export_format):
        raw = record.get(export_format.columns.get(name), "")
        try:
            values[name] = translated(name, raw, record, export_format)
        except ValueError as error:
            problems.append(RowError(line, name, raw, str(error)))
    return values, problems


def ordered_fields(record, export_format):
    # Errors of a row come in the order of the file's columns, as before.
    position = {column: index for index, column in enumerate(record)}
    return sorted(
        COLUMNS,
        key=lambda name: position.get(export_format.columns.get(name), len(position)),
    )


def translated(name, raw, record, export_format):
    if name == "period":
        return period_text(raw, record, export_format)
    if name in NUMERIC_FIELDS:
        check_decimal_mark(raw, export_format.decimal_mark)
    # Keys of a TOML table are text; so is every value read from the file.
    return str(export_format.values.get(name, {}).get(raw, raw))


def check_decimal_mark(raw, mark):
    other = {",": ".", ".": ","}.get(mark)
    if other and other in raw:
        raise ValueError(
            _(
                "written with «%(found)s», while this format's decimal mark is «%(mark)s»"
            )
            % {"found": other, "mark": mark}
        )


def period_text(raw, record, export_format):
    """The month as ``YYYY-MM``, from whatever form the provider writes it in."""
    if export_format.period_year:
        year = record.get(export_format.period_year, "")
        month = record.get(export_format.period_month, "")
        if not (YEAR.fullmatch(year) and MONTH.fullmatch(month)):
            raise ValueError(
                _("no month in the year %(year)s and month %(month)s columns")
                % {"year": repr(year), "month": repr(month)}
            )
        return f"{year}-{int(month):02d}"
    if export_format.period_form == "MM.YYYY":
        match = MONTH_DOT_YEAR.fullmatch(raw)
        if not match:
            raise ValueError(_("not a month in the form MM.YYYY"))
        return f"{match[2]}-{int(match[1]):02d}"
    return raw
