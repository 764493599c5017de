"""How the billing admin hands a provider a file it made: line by line, as
the rows are read, so that a city's export never sits whole in memory."""

import csv

from django.http import StreamingHttpResponse

# Rows fetched from the database at a time while a file is written.
CHUNK_ROWS = 2000


class _Handback:
    """A file whose ``write`` returns the text: ``csv.writer`` then gives
    each row's line back to the caller instead of storing it."""

    def write(self, text):
        return text


def csv_lines(header, rows, delimiter):
    """The header and each of ``rows`` as a line of CSV text, made only when
    the next line is asked for."""
    writer = csv.writer(_Handback(), delimiter=delimiter, lineterminator="\n")
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow(row)


def csv_attachment(lines, filename):
    """``lines`` of CSV text as a file the browser saves under ``filename``,
    sent while they are made."""
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in lines),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
