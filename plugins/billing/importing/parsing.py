"""Reading an export's bytes into typed rows, every bad value recorded."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from cms.core.money import to_kopecks
from plugins.billing.importing.rows import (
    COLUMNS,
    DELIMITER,
    ExportRow,
    ParsedExport,
    RowError,
)

NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
PERIOD = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")
WHOLE = re.compile(r"[0-9]+")
MONEY_LIMIT = Decimal("10000000000")  # Charge money fields hold 12 digits, 2 places.


class FieldError(ValueError):
    """A value that does not convert; the message says why."""


def text(max_length, required=True):
    def convert(value):
        if required and not value:
            raise FieldError(_("a value is required"))
        if len(value) > max_length:
            raise FieldError(
                _("longer than %(limit)d characters") % {"limit": max_length}
            )
        return value

    return convert


def decimal_number(value, places):
    """A plain decimal: comma or point, no thousands separator, no exponent."""
    value = value.replace(",", ".")
    if not NUMBER.fullmatch(value):
        raise FieldError(_("not a number"))
    number = Decimal(value)
    if places is not None and -number.normalize().as_tuple().exponent > places:
        raise FieldError(_("more than %(places)d decimal places") % {"places": places})
    return number


def money(signed=False):
    def convert(value):
        amount = to_kopecks(decimal_number(value, places=None))
        if not signed and amount < 0:
            raise FieldError(_("cannot be negative"))
        if abs(amount) >= MONEY_LIMIT:
            raise FieldError(_("too large"))
        return amount

    return convert


def quantity(places, limit, positive=False):
    def convert(value):
        number = decimal_number(value, places)
        if number < 0:
            raise FieldError(_("cannot be negative"))
        if positive and number == 0:
            raise FieldError(_("must be greater than zero"))
        if number >= limit:
            raise FieldError(_("too large"))
        return number

    return convert


def persons(value):
    if not WHOLE.fullmatch(value):
        raise FieldError(_("not a whole number"))
    number = int(value)
    if number > 100:
        raise FieldError(_("more than 100 persons in one dwelling"))
    return number


def period(value):
    match = PERIOD.fullmatch(value)
    if not match:
        raise FieldError(_("not a month in the form YYYY-MM"))
    return date(int(match[1]), int(match[2]), 1)


CONVERTERS = {
    "account": text(30),
    "access_code": text(20),
    "payer": text(200),
    "street": text(200),
    "house": text(20),
    "apartment": text(20, required=False),
    "total_area": quantity(2, limit=10**6, positive=True),
    "persons": persons,
    "service": text(50),
    "period": period,
    "opening_balance": money(signed=True),
    "volume": quantity(3, limit=10**9),
    "unit": text(20, required=False),
    "price": quantity(4, limit=10**8),
    "charged": money(),
    "benefit": money(),
    "subsidy": money(),
    "recalculation": money(signed=True),
    "paid": money(),
    "closing_balance": money(signed=True),
}


def parse(data):
    """Read the bytes of an export into typed rows, collecting every error."""
    parsed = ParsedExport()

    content = decode(data, parsed.errors)
    if content is None:
        return parsed
    if not content.strip():
        # One clear message instead of a missing-column error for every column.
        parsed.errors.append(RowError(1, "-", "", _("the file is empty")))
        return parsed

    reader = csv.reader(io.StringIO(content, newline=""), delimiter=DELIMITER)
    header = read_header(reader, parsed.errors)
    if header is None:
        return parsed

    try:
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            parsed.lines += 1
            row = parse_row(reader.line_num, header, values, parsed.errors)
            if row is not None:
                parsed.rows.append(row)
    except csv.Error as error:
        parsed.errors.append(
            RowError(
                reader.line_num,
                "-",
                "",
                _("unreadable CSV: %(reason)s") % {"reason": error},
            )
        )

    if parsed.lines == 0:
        parsed.errors.append(RowError(1, "-", "", _("the file has no data rows")))
    return parsed


def decode(data, errors):
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # The first line that does not decode; its bytes mean nothing to the
        # operator, who needs to know the file was saved in another encoding.
        line = data[: error.start].count(b"\n") + 1
        message = _("the file is not UTF-8 text (save it as UTF-8)")
        errors.append(RowError(line, "-", "", message))
        return None


def read_header(reader, errors):
    """The column names of the first line, or None when they cannot be used."""
    try:
        first = next(reader, [])
    except csv.Error:
        first = []
    if wrong := wrong_delimiter(first):
        errors.append(wrong)
        return None

    header = [name.strip().lower() for name in first]
    problems = []

    for name in sorted(set(COLUMNS) - set(header)):
        problems.append(RowError(1, name, "", _("required column is missing")))
    for name in header:
        if name not in COLUMNS:
            problems.append(RowError(1, name, name, _("unknown column")))
    for name in sorted({name for name in header if header.count(name) > 1}):
        problems.append(RowError(1, name, name, _("column appears more than once")))

    errors.extend(problems)
    return None if problems else header


def delimiter_names():
    return {
        DELIMITER: _("«;» (semicolon)"),
        ",": _("«,» (comma)"),
        "\t": _("tab"),
        "|": _("«|» (vertical bar)"),
    }


def wrong_delimiter(first):
    """One error when the header is separated by something other than ``;``:
    read with ``;`` it is a single field holding the other separator."""
    if len(first) != 1:
        return None
    names = delimiter_names()
    found = max(names, key=first[0].count)
    if found == DELIMITER or not first[0].count(found):
        return None
    return RowError(
        1,
        "-",
        "",
        _("columns must be separated by %(expected)s, this file uses %(found)s")
        % {"expected": names[DELIMITER], "found": names[found]},
    )


def parse_row(line, header, values, errors):
    if len(values) != len(header):
        errors.append(
            RowError(
                line,
                "-",
                DELIMITER.join(values),
                _("expected %(expected)d fields, found %(found)d")
                % {"expected": len(header), "found": len(values)},
            )
        )
        return None

    converted = {}
    problems = []
    for name, raw in zip(header, values, strict=True):
        raw = raw.strip()
        try:
            converted[name] = CONVERTERS[name](raw)
        except FieldError as error:
            problems.append(RowError(line, name, raw, str(error)))

    errors.extend(problems)
    if problems:
        return None
    raw = dict(zip(header, (value.strip() for value in values), strict=True))
    return ExportRow(line=line, raw=raw, **converted)
