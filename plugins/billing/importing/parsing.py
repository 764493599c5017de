"""Reading an export's bytes into typed rows, every bad value recorded."""

import csv
import io
import re
import unicodedata
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from cms.core.money import to_kopecks
from plugins.billing.importing.dbf import dbf_table
from plugins.billing.importing.formats import DEFAULT_FORMAT, load_format
from plugins.billing.importing.mapping import ordered_fields, portal_values
from plugins.billing.importing.rows import ExportRow, ParsedExport, RowError

NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
PERIOD = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")
WHOLE = re.compile(r"[0-9]+")

# Charge money fields hold 12 digits with 2 places. More places are rounded
# away, but a file with more than this many is not a money column.
MONEY_DIGITS = 10
MONEY_PLACES_READ = 20
MONEY_LIMIT = Decimal(10) ** MONEY_DIGITS

# Months the portal bills: well past the oldest debts and the longest forecast;
# anything else is a typo, and year 0 or 9999 cannot even be a Python date.
FIRST_YEAR, LAST_YEAR = 2000, 2100

# Characters that can make one street or house look like another in the list
# of dwellings while being stored as a different one.
ADDRESS_FORBIDDEN = {"Cc", "Cf"}
TEXT_FORBIDDEN = {"Cc"}


class FieldError(ValueError):
    """A value that does not convert; the message says why."""


def text(max_length, required=True, address=False):
    forbidden = ADDRESS_FORBIDDEN if address else TEXT_FORBIDDEN

    def convert(value):
        if required and not value:
            raise FieldError(_("a value is required"))
        if len(value) > max_length:
            raise FieldError(
                _("longer than %(limit)d characters") % {"limit": max_length}
            )
        for char in value:
            if (category := unicodedata.category(char)) in forbidden:
                raise FieldError(invisible_character(char, category))
        return value

    return convert


def invisible_character(char, category):
    code = f"U+{ord(char):04X}"
    if category == "Cc":
        return _("contains the control character %(code)s") % {"code": code}
    return _(
        "contains the invisible character %(code)s, which would make this "
        "address look like another one"
    ) % {"code": code}


def decimal_number(value, digits, places):
    """A plain decimal: comma or point, no thousands separator, no exponent,
    at most ``digits`` before the point and ``places`` after it.

    The digits are counted in the text itself: ``Decimal`` would round a long
    number to 28 digits before it could be checked, and store another value
    than the file says. Leading and trailing zeros change nothing.
    """
    value = value.replace(",", ".")
    if not NUMBER.fullmatch(value):
        raise FieldError(_("not a number"))
    whole, _point, fraction = value.lstrip("-").partition(".")
    if len(whole.lstrip("0")) > digits:
        raise FieldError(too_many_digits(digits))
    if len(fraction.rstrip("0")) > places:
        raise FieldError(_("more than %(places)d decimal places") % {"places": places})
    return Decimal(value)


def too_many_digits(digits):
    return _("too large: more than %(digits)d digits before the decimal point") % {
        "digits": digits
    }


def money(signed=False):
    def convert(value):
        amount = to_kopecks(decimal_number(value, MONEY_DIGITS, MONEY_PLACES_READ))
        if not signed and amount < 0:
            raise FieldError(_("cannot be negative"))
        if abs(amount) >= MONEY_LIMIT:
            # 9999999999,995 is rounded up to eleven digits.
            raise FieldError(too_many_digits(MONEY_DIGITS))
        return amount

    return convert


def quantity(digits, places, positive=False):
    """A decimal for a column of ``digits + places`` digits with ``places``
    after the point."""

    def convert(value):
        number = decimal_number(value, digits, places)
        if number < 0:
            raise FieldError(_("cannot be negative"))
        if positive and number == 0:
            raise FieldError(_("must be greater than zero"))
        return number

    return convert


def persons(value):
    if not WHOLE.fullmatch(value):
        raise FieldError(_("not a whole number"))
    # Counted before int(): Python refuses to convert thousands of digits.
    if len(value.lstrip("0")) > 3 or int(value) > 100:
        raise FieldError(_("more than 100 persons in one dwelling"))
    return int(value)


def period(value):
    match = PERIOD.fullmatch(value)
    if not match:
        raise FieldError(_("not a month in the form YYYY-MM"))
    year = int(match[1])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise FieldError(
            _("the year must be from %(first)d to %(last)d")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return date(year, int(match[2]), 1)


CONVERTERS = {
    "account": text(30),
    "access_code": text(20),
    "payer": text(200),
    "street": text(200, address=True),
    "house": text(20, address=True),
    "apartment": text(20, required=False, address=True),
    "total_area": quantity(6, 2, positive=True),
    "persons": persons,
    "service": text(50),
    "period": period,
    "opening_balance": money(signed=True),
    "volume": quantity(9, 3),
    "unit": text(20, required=False),
    "price": quantity(8, 4),
    "charged": money(),
    "benefit": money(),
    "subsidy": money(),
    "recalculation": money(signed=True),
    "paid": money(),
    "closing_balance": money(signed=True),
}


def parse(data, export_format=None):
    """Read the bytes of an export into typed rows, collecting every error.

    ``export_format`` says how the provider shapes the file; by default the
    portal's own format (docs/formats.md)."""
    export_format = export_format or load_format(DEFAULT_FORMAT)
    parsed = ParsedExport()

    if export_format.file_type == "dbf":
        table = dbf_table(data, export_format, parsed)
    else:
        table = csv_table(data, export_format, parsed)
    if table is None:
        return parsed
    header_line, names, rows = table
    header = check_header(header_line, names, export_format, parsed)
    if header is None:
        return parsed

    # TODO: every row is held in memory until the whole file is checked, about
    # 6 KB a row, hence BILLING_IMPORT_MAX_ROWS; staging the file through COPY
    # into a temporary table and checking it there in SQL would lift the limit.
    limit = settings.BILLING_IMPORT_MAX_ROWS
    for line, values in rows:
        if parsed.lines == limit:
            parsed.add(RowError(line, "-", "", too_many_rows(limit)))
            parsed.lines += 1
            return parsed
        parsed.lines += 1
        row = parse_row(line, header, values, parsed, export_format)
        if row is not None:
            parsed.rows.append(row)

    if parsed.lines == 0 and not parsed.errors:
        parsed.add(RowError(1, "-", "", _("the file has no data rows")))
    return parsed


def csv_table(data, export_format, parsed):
    """``(header line, header, records)`` of a CSV file, or None when it cannot
    be read; empty lines before the header are skipped."""
    content = decode(data, export_format.encodings, parsed)
    if content is None:
        return None
    if not content.strip():
        # One clear message instead of a missing-column error for every column.
        parsed.add(RowError(1, "-", "", _("the file is empty")))
        return None

    lines = LineCounter(io.StringIO(content, newline=""))
    reader = csv.reader(lines, delimiter=export_format.delimiter)
    first = next(records(reader, lines, parsed), None)
    if first is None:
        if not parsed.errors:
            parsed.add(RowError(1, "-", "", _("the file is empty")))
        return None
    line, values = first
    if wrong := wrong_delimiter(line, values, export_format.delimiter):
        parsed.add(wrong)
        return None
    return line, values, records(reader, lines, parsed)


def too_many_rows(limit):
    return _(
        "too many data rows: one import takes at most %(limit)d; "
        "split the file into smaller ones"
    ) % {"limit": limit}


class LineCounter:
    """The lines of a file as the CSV reader takes them, noting where each
    record starts and how many quotes it holds, to tell what an error means."""

    def __init__(self, lines):
        self.lines = lines
        self.read = 0
        self.record_start = 1
        self.quotes = 0
        self.exhausted = False

    def __iter__(self):
        return self

    def __next__(self):
        line = next(self.lines, None)
        if line is None:
            self.exhausted = True
            raise StopIteration
        self.read += 1
        self.quotes += line.count('"')
        return line

    def next_record(self):
        self.record_start = self.read + 1
        self.quotes = 0

    @property
    def quote_left_open(self):
        # A value's quotes come in pairs. The CSV reader ends a value whose
        # quote never closes at the end of the file, holding the rest of it.
        return self.quotes % 2 == 1 and self.exhausted


def records(reader, lines, parsed):
    """``(line, values)`` of every non-blank record, ``line`` the one it starts
    on; reading stops at the first record that is not CSV."""
    while True:
        lines.next_record()
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            parsed.add(unreadable(error, lines))
            return
        if lines.quote_left_open:
            parsed.add(
                RowError(
                    lines.record_start,
                    "-",
                    "",
                    _("a quote opened on this line is not closed"),
                )
            )
            return
        if any(value.strip() for value in values):
            yield lines.record_start, values


def unreadable(error, lines):
    """The one message for a record the CSV reader gave up on."""
    if lines.quotes % 2:
        # Inside a quoted value: it ran past the limit or to the end of the
        # file, most likely because its closing quote is missing.
        message = _("a quote opened on this line is not closed")
    elif "field larger than field limit" in str(error):
        message = _("a value is longer than %(limit)d characters") % {
            "limit": csv.field_size_limit()
        }
    else:
        message = _("unreadable CSV: %(reason)s") % {"reason": error}
    return RowError(lines.record_start, "-", "", message)


ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "cp1251": "Windows-1251",
    "cp866": "CP866",
    "cp1125": "CP1125",
}


def decode(data, encodings, parsed):
    """The text of the file in the first of the format's encodings that fits.

    UTF-8 is tried strictly, so a Windows-1251 file is never misread as it."""
    failures = []
    for encoding in encodings:
        try:
            # utf-8-sig: a byte-order mark at the start is dropped.
            return data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
        except UnicodeDecodeError as error:
            failures.append(error.start)

    # The line where the encoding that read furthest failed; its bytes mean
    # nothing to the operator, who needs to know how to save the file instead.
    line = data[: max(failures)].count(b"\n") + 1
    if encodings == ("utf-8",):
        message = _("the file is not UTF-8 text (save it as UTF-8)")
    else:
        message = _("the file is neither of the encodings %(encodings)s") % {
            "encodings": ", ".join(ENCODING_NAMES[name] for name in encodings)
        }
    parsed.add(RowError(line, "-", "", message))
    return None


def check_header(line, names, export_format, parsed):
    """The column names in lower case, or None when they cannot be used."""
    header = [name.strip().lower() for name in names]
    expected = export_format.source_columns
    problems = []

    for name in sorted(set(expected) - set(header)):
        problems.append(RowError(line, name, "", _("required column is missing")))
    for position, name in enumerate(header, 1):
        if not name:
            message = _("empty column name at position %(position)d") % {
                "position": position
            }
            problems.append(RowError(line, "-", "", message))
        elif name not in expected and not export_format.other_columns_allowed:
            problems.append(RowError(line, name, name, _("unknown column")))
    for name in sorted({name for name in header if name and header.count(name) > 1}):
        problems.append(RowError(line, name, name, _("column appears more than once")))

    parsed.add(*problems)
    return None if problems else header


def delimiter_names():
    return {
        ";": _("«;» (semicolon)"),
        ",": _("«,» (comma)"),
        "\t": _("tab"),
        "|": _("«|» (vertical bar)"),
    }


def wrong_delimiter(line, first, delimiter):
    """One error when the header is separated by something other than the
    format's delimiter: read with it, the header is a single field holding the
    other separator."""
    if len(first) != 1:
        return None
    names = delimiter_names()
    found = max(names, key=first[0].count)
    if found == delimiter or not first[0].count(found):
        return None
    return RowError(
        line,
        "-",
        "",
        _("columns must be separated by %(expected)s, this file uses %(found)s")
        % {"expected": names[delimiter], "found": names[found]},
    )


def parse_row(line, header, values, parsed, export_format):
    if len(values) != len(header):
        parsed.add(
            RowError(
                line,
                "-",
                export_format.delimiter.join(values),
                _("expected %(expected)d fields, found %(found)d")
                % {"expected": len(header), "found": len(values)},
            )
        )
        return None

    record = dict(zip(header, (value.strip() for value in values), strict=True))
    raw, problems = portal_values(line, record, export_format)
    converted = {}
    for name, value in raw.items():
        try:
            converted[name] = CONVERTERS[name](value)
        except FieldError as error:
            problems.append(RowError(line, name, value, str(error)))

    # Errors of a row come in the order of the file's columns.
    order = ordered_fields(record, export_format)
    parsed.add(*sorted(problems, key=lambda error: order.index(error.field)))
    if problems:
        return None
    return ExportRow(line=line, raw=raw, **converted)
