"""Reading a DBF table (dBASE III, as billing systems of the 1990s still write).

dbfread gives numeric fields as floats, which would turn 12.30 into
12.299999…; the table is read raw, so every value stays the text the file
holds and becomes a Decimal only in the converters.
"""

import struct
import tempfile

from dbfread import DBF
from django.utils.translation import gettext as _

from plugins.billing.importing.rows import RowError


def dbf_table(data, export_format, parsed):
    """``(1, field names, records)`` of a DBF file, or None when it cannot be
    read. Records are ``(line, values)``: as in a CSV file, line 1 stands for
    the field list and line N + 1 for the Nth record."""
    encoding = export_format.encodings[0]
    try:
        header, raw_records, announced, held = read_raw(data)
    except (OSError, ValueError, struct.error, IndexError, KeyError):
        # dbfread has no error of its own: a broken table fails anywhere.
        parsed.add(RowError(1, "-", "", _("the file is not a readable DBF table")))
        return None

    # A table cut off in transfer reads as a smaller one; applied, it would
    # replace the provider's whole month with the records that arrived.
    if held < announced:
        message = _(
            "the file ends after %(held)s of the %(announced)s records its "
            "header announces: it was cut off; send the whole file"
        ) % {"held": held, "announced": announced}
        parsed.add(RowError(1, "-", "", message))
        return None

    # TODO: dbfread skips deleted records, so after a deletion the line
    # numbers no longer match the record numbers a DBF viewer shows; reading
    # the records with their deletion flags (a small reader of our own) would
    # keep the count.
    records = []
    for number, raw in enumerate(raw_records, 1):
        try:
            values = [cell(raw[name], encoding) for name in header]
        except UnicodeDecodeError:
            message = _("the record is not %(encoding)s text") % {"encoding": encoding}
            parsed.add(RowError(number + 1, "-", "", message))
            continue
        records.append((number + 1, values))
    return 1, header, records


def cell(raw, encoding):
    # Some writers pad with NUL bytes instead of spaces.
    return raw.strip(b" \0").decode(encoding).strip()


def read_raw(data):
    """(field names, records, records the header announces, whole records the
    file holds, deleted ones included)."""
    # dbfread reads only from a path.
    with tempfile.NamedTemporaryFile(suffix=".dbf") as file:
        file.write(data)
        file.flush()
        table = DBF(file.name, raw=True, load=True, ignore_missing_memofile=True)
        header = table.header
        held = max(len(data) - header.headerlen, 0) // max(header.recordlen, 1)
        return table.field_names, table.records, header.numrecords, held
