"""A tiny dBASE III writer for tests: dbfread only reads, and the format is
small enough that a dependency would cost more than these lines.

Layout: a 32-byte header, a 32-byte descriptor per field, 0x0D, then fixed-width
records each starting with a deletion flag, and 0x1A at the end.
"""

import struct
from datetime import date


def dbf_bytes(fields, records, encoding="cp866"):
    """``fields`` are ``(name, type, length, places)`` with type ``C`` or ``N``;
    ``records`` are tuples of text in field order, already formatted."""
    record_length = 1 + sum(length for _name, _type, length, _places in fields)
    header_length = 32 + 32 * len(fields) + 1
    today = date.today()
    header = struct.pack(
        "<BBBBIHH17xB2x",
        0x03,  # dBASE III without memo
        today.year - 1900,
        today.month,
        today.day,
        len(records),
        header_length,
        record_length,
        0x26,  # language driver: DOS Russian, code page 866
    )
    descriptors = b"".join(descriptor(*field) for field in fields)
    body = b"".join(record(fields, values, encoding) for values in records)
    return header + descriptors + b"\r" + body + b"\x1a"


def descriptor(name, kind, length, places):
    return struct.pack(
        "<11sc4xBB14x", name.encode("ascii"), kind.encode("ascii"), length, places
    )


def record(fields, values, encoding):
    cells = []
    for (_name, kind, length, _places), value in zip(fields, values, strict=True):
        data = value.encode(encoding)
        # Text is padded on the right, numbers on the left, as dBASE writes them.
        cells.append(data.ljust(length) if kind == "C" else data.rjust(length))
    return b" " + b"".join(cells)
