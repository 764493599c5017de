"""Where a large export is cut in two, so that two processes read it.

Only a file without quotes is cut: there every line is one record, so a line
end is a record's end, whereas a quoted value may hold a line end of its own.
"""

from dataclasses import dataclass

from django.conf import settings

# Below this many lines, starting a second process costs more than it saves.
SPLIT_LINES = 100_000


@dataclass(frozen=True)
class Halves:
    """A file's text cut at a line end near its middle."""

    content: str
    delimiter: str
    header_line: int
    # Where the second half starts in the text, and its first line's number.
    middle: int
    middle_line: int


def split(content, export_format, header_line):
    """The halves of ``content``, or None when it is better read whole."""
    ends = line_ends(content, 0, len(content))
    # A file that may hold more records than one import takes is read whole:
    # the reader alone tells which record is the first too many.
    if ends < SPLIT_LINES or ends + 1 > settings.BILLING_IMPORT_MAX_ROWS:
        return None
    middle = content.find("\n", len(content) // 2) + 1
    if not middle:
        return None
    middle_line = line_ends(content, 0, middle) + 1
    if middle_line <= header_line + 1:
        return None
    return Halves(content, export_format.delimiter, header_line, middle, middle_line)


def line_ends(content, start, end):
    """How many lines end in the text from ``start`` to ``end``: "\\r\\n",
    "\\n" and a lone "\\r" each end one, as for the reader."""
    return (
        content.count("\n", start, end)
        + content.count("\r", start, end)
        - content.count("\r\n", start, end)
    )
