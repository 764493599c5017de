"""A provider's record turned into the portal's fields, as text.

The result is staged and checked by the same rules as the portal's own format,
so every rule of docs/formats.md applies to every provider's layout. This runs
once for every record of a file of a million, so the layout is worked out once
per file and each record only picks its columns.
"""

import re
from operator import itemgetter

from django.utils.translation import gettext as _

from plugins.billing.importing.fields import SEPARATOR, good_record
from plugins.billing.importing.rows import COLUMNS, RowError

MONTH_DOT_YEAR = re.compile(r"(0?[1-9]|1[0-2])\.([0-9]{4})")
YEAR = re.compile(r"[0-9]{4}")
MONTH = re.compile(r"[0-9]{1,2}")

PERIOD = COLUMNS.index("period")

# PostgreSQL text cannot hold NUL. A value with one is refused anyway, so
# another control character stands in for it in the staging table and the
# value as the file has it is kept for the message.
NUL, STAND_IN = "\x00", "\x01"
TAB = "\t"


class Layout:
    """Where a file keeps each portal field, and how to read its month."""

    def __init__(self, header, export_format, parsed):
        self.width = len(header)
        self.delimiter = export_format.delimiter
        self.decimal_mark = export_format.decimal_mark
        self.parsed = parsed
        self.positions = error_positions(header, export_format)

        index = {name: position for position, name in enumerate(header)}
        # A field the format does not map reads the empty value added after
        # the record's own values.
        picked = [
            index.get(export_format.columns.get(name), self.width) for name in COLUMNS
        ]
        self.pick = itemgetter(*picked)
        self.value_maps = [
            (COLUMNS.index(name), mapping)
            for name, mapping in export_format.values.items()
        ]
        self.period = period_reader(export_format, index)
        self.good = good_record(export_format.decimal_mark)
        # A file of the portal's fields in the portal's order, whose values
        # need no translating, is a line of staging text already; its
        # delimiter must not be a decimal mark, or a number would match as
        # two fields.
        self.plain = (
            picked == list(range(len(COLUMNS)))
            and self.width == len(COLUMNS)
            and not self.value_maps
            and self.period is None
            and (self.delimiter == ";" or self.decimal_mark == ".")
        )
        self.good_line = good_record(export_format.decimal_mark, self.delimiter)

    def staging_row(self, line, values):
        """``[line, account, access_code, …, good]`` for one record of the
        right width; the month is None when its form cannot be read, and
        ``good`` tells that every value is known to be good already. A good
        record comes as the line of text COPY reads instead, which spares
        formatting a million rows one value at a time."""
        values.append("")
        fields = list(self.pick(values))
        joined = SEPARATOR.join(fields)
        if padded(joined):
            fields = list(map(str.strip, fields))
            joined = None
        for position, mapping in self.value_maps:
            # Keys of a TOML table are text; so is every value read from the file.
            fields[position] = str(mapping.get(fields[position], fields[position]))
            joined = None
        if self.period is not None:
            fields[PERIOD] = self.month(line, values, fields[PERIOD])
            joined = None
        if self.parsed.may_hold_nul and any(NUL in value for value in fields if value):
            fields = self.without_nul(line, fields)
            joined = None
        if joined is None and None not in fields:
            joined = SEPARATOR.join(fields)
        good = joined is not None and self.is_good(joined)
        if good and "\\" not in joined:
            # Already a line of COPY's text format: a good record holds no
            # tab, line end or separator, and no backslash to escape.
            return f"{line}\t{joined.replace(SEPARATOR, TAB)}\tt\n"
        return [line, *fields, good]

    def vouched_line(self, line, text):
        """The COPY line of a record of a plain layout, given as the file's
        line without its end, when every value is known to be good; else
        None, and the record goes through ``staging_row``. This spares most
        records of a city's file splitting into values and joining again."""
        if (
            not padded(text, self.delimiter)
            and "\\" not in text
            # As ``staging_row`` would: a value holding the separator is left
            # to the rules.
            and SEPARATOR not in text
            and self.good_line.fullmatch(text) is not None
        ):
            return f"{line}\t{text.replace(self.delimiter, TAB)}\tt\n"
        return None

    def is_good(self, record):
        return record.isprintable() and self.good.fullmatch(record) is not None

    def month(self, line, values, raw):
        try:
            return self.period(values, raw)
        except ValueError as error:
            self.parsed.add(
                RowError(line, "period", raw, str(error), self.positions["period"])
            )
            return None

    def without_nul(self, line, fields):
        for name, value in zip(COLUMNS, fields, strict=True):
            if value and NUL in value:
                self.parsed.originals[(line, name)] = value
        return [value and value.replace(NUL, STAND_IN) for value in fields]


def padded(joined, separator=SEPARATOR):
    """Whether a value of the record, joined by the separator, may have white
    space around it. Printable text holds no white space but the plain space,
    so substring tests at C speed answer for nearly every record; anything
    else is stripped value by value, as before."""
    if not joined.isprintable():
        return True
    return (
        " " + separator in joined
        or separator + " " in joined
        or joined.startswith(" ")
        or joined.endswith(" ")
    )


def error_positions(header, export_format):
    """Field -> its rank among the errors of one row: errors come in the order
    of the file's columns, and a field without a column of its own comes last."""
    column = {name: position for position, name in enumerate(header)}
    ordered = sorted(
        COLUMNS,
        key=lambda name: column.get(export_format.columns.get(name), len(column)),
    )
    return {name: rank for rank, name in enumerate(ordered)}


def period_reader(export_format, index):
    """A function of a record giving the month as ``YYYY-MM``, or None when
    the file writes it that way already."""
    if export_format.period_year:
        year_at = index[export_format.period_year]
        month_at = index[export_format.period_month]
        return lambda values, raw: year_and_month(
            values[year_at].strip(), values[month_at].strip()
        )
    if export_format.period_form == "MM.YYYY":
        return lambda values, raw: month_dot_year(raw)
    return None


def year_and_month(year, month):
    if not (YEAR.fullmatch(year) and MONTH.fullmatch(month)):
        raise ValueError(
            _("no month in the year %(year)s and month %(month)s columns")
            % {"year": repr(year), "month": repr(month)}
        )
    return f"{year}-{int(month):02d}"


def month_dot_year(raw):
    match = MONTH_DOT_YEAR.fullmatch(raw)
    if not match:
        raise ValueError(_("not a month in the form MM.YYYY"))
    return f"{match[2]}-{int(match[1]):02d}"
