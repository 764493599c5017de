"""Reading an export's bytes into rows of text, ready for the staging table.

Only what needs the file itself is checked here: its encoding, its CSV
structure, its header and the number of fields of each record. Every value is
checked later, in SQL, by the rules of ``fields``.
"""

import csv
import re

from django.conf import settings
from django.utils.translation import gettext as _

from plugins.billing.importing.dbf import dbf_table
from plugins.billing.importing.halves import Halves, split
from plugins.billing.importing.mapping import Layout
from plugins.billing.importing.rows import RowError


def read(data, export_format, parsed):
    """The file's data records as staging rows (``line`` and the portal's
    fields as text), or None when the file cannot be read at all. Problems go
    to ``parsed`` as the records are taken, so the caller has them all once it
    has taken the last one."""
    if export_format.file_type == "dbf":
        table = dbf_table(data, export_format, parsed)
    else:
        table = csv_table(data, export_format, parsed)
    if table is None:
        return None
    header_line, names, records = table
    header = check_header(header_line, names, export_format, parsed)
    if header is None:
        return None
    layout = Layout(header, export_format, parsed)
    if isinstance(records, Halves):
        # Read by two processes: see ``halves``.
        return layout, records
    return layout, staging_rows(records, layout, parsed)


def staging_rows(records, layout, parsed, whole=True):
    """The staging rows of ``records``; ``whole`` when they are the file's
    every record, so that none at all is an error."""
    limit = settings.BILLING_IMPORT_MAX_ROWS
    for line, values in records:
        if parsed.lines == limit:
            parsed.add(RowError(line, "-", "", too_many_rows(limit)))
            parsed.lines += 1
            return
        parsed.lines += 1
        if type(values) is str:
            # The record's COPY line already: see ``unquoted_records``.
            yield values
            continue
        if len(values) != layout.width:
            parsed.add(wrong_field_count(line, values, layout))
            continue
        yield layout.staging_row(line, values)

    if whole:
        check_not_empty(parsed)


def check_not_empty(parsed):
    if parsed.lines == 0 and not parsed.errors:
        parsed.add(RowError(1, "-", "", _("the file has no data rows")))


def wrong_field_count(line, values, layout):
    return RowError(
        line,
        "-",
        layout.delimiter.join(values),
        _("expected %(expected)d fields, found %(found)d")
        % {"expected": layout.width, "found": len(values)},
    )


def csv_table(data, export_format, parsed):
    """``(header line, header, records)`` of a CSV file, or None when it cannot
    be read; empty lines before the header are skipped."""
    content = decode(data, export_format.encodings, parsed)
    if content is None:
        return None
    parsed.may_hold_nul = "\x00" in content
    if not content.strip():
        # One clear message instead of a missing-column error for every column.
        parsed.add(RowError(1, "-", "", _("the file is empty")))
        return None

    if '"' in content:
        lines = LineCounter(split_lines(content))
        reader = csv.reader(lines, delimiter=export_format.delimiter)
        found = records(reader, lines, parsed)
    else:
        found = unquoted_records(content, export_format.delimiter, parsed)
    first = next(found, None)
    if first is None:
        if not parsed.errors:
            parsed.add(RowError(1, "-", "", _("the file is empty")))
        return None
    line, values = first
    if wrong := wrong_delimiter(line, values, export_format.delimiter):
        parsed.add(wrong)
        return None
    if '"' not in content and (halves := split(content, export_format, line)):
        return line, values, halves
    return line, values, found


def unquoted_records(
    content, delimiter, parsed, start=0, end=None, first=1, vouched=None
):
    """What ``records`` gives, for a file without a single quote: every line
    is one record, split at the delimiter. Most exports quote nothing, and
    splitting a line is several times cheaper than the CSV reader.
    ``start`` and ``end`` limit the reading to a part of ``content`` whose
    first line is line ``first`` of the file. ``vouched(line, text)``, when
    given, turns a line it vouches for into its COPY line, which comes
    instead of the values."""
    limit = csv.field_size_limit()
    for number, line in enumerate(split_lines(content, start, end), first):
        if len(line) > limit and any(
            len(value) > limit for value in line.split(delimiter)
        ):
            parsed.add(RowError(number, "-", "", value_too_long(limit)))
            parsed.cut_at = number
            return
        text = line.rstrip("\r\n")
        if vouched is not None and (ready := vouched(number, text)) is not None:
            yield number, ready
            continue
        values = text.split(delimiter)
        if "".join(values).strip():
            yield number, values


def too_many_rows(limit):
    return _(
        "too many data rows: one import takes at most %(limit)d; "
        "split the file into smaller ones"
    ) % {"limit": limit}


# A line and its ending as a file opened with newline="" gives it: "\n",
# "\r\n" or a lone "\r". A regular expression walks the decoded text without
# the copy io.StringIO would make of a file of a million lines.
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def split_lines(content, start=0, end=None):
    matches = LINE.finditer(content, start, len(content) if end is None else end)
    return (match.group() for match in matches)


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


def records(reader, lines, parsed):
    """``(line, values)`` of every non-blank record, ``line`` the one it starts
    on; reading stops at the first record that is not CSV. This runs once a
    record of a file of a million, so the counter's state is set inline."""
    while True:
        lines.record_start = lines.read + 1
        lines.quotes = 0
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            parsed.add(unreadable(error, lines))
            return
        if lines.quotes & 1 and lines.exhausted:
            # A value's quotes come in pairs. The CSV reader ends a value whose
            # quote never closes at the end of the file, holding the rest of it.
            parsed.add(
                RowError(
                    lines.record_start,
                    "-",
                    "",
                    _("a quote opened on this line is not closed"),
                )
            )
            return
        if "".join(values).strip():
            yield lines.record_start, values


def value_too_long(limit):
    return _("a value is longer than %(limit)d characters") % {"limit": limit}


def unreadable(error, lines):
    """The one message for a record the CSV reader gave up on."""
    if lines.quotes % 2:
        # Inside a quoted value: it ran past the limit or to the end of the
        # file, most likely because its closing quote is missing.
        message = _("a quote opened on this line is not closed")
    elif "field larger than field limit" in str(error):
        message = value_too_long(csv.field_size_limit())
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
