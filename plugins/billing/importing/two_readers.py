"""Staging a large file read by two processes at once.

Reading is plain Python and the slowest step of staging a city's file, so
each half of the file (see ``halves``) is read by a process of its own that
turns its records into lines of COPY's text format. This process only passes
their lines on to the staging table, and the database takes them in while
both halves are still being read.
"""

import logging
import multiprocessing
from multiprocessing.connection import wait

from plugins.billing.importing.parsing import (
    check_not_empty,
    staging_rows,
    unquoted_records,
)
from plugins.billing.importing.rows import ParsedExport
from plugins.billing.importing.staging import BATCH, STAGING, copy_statement

logger = logging.getLogger(__name__)

# Rows a reader sends at once: large enough that passing them on costs little.
ROWS_A_MESSAGE = 5_000

# COPY's text format escapes these; the reader vouches for no record holding
# one, so only the records the SQL rules check need it.
ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_rows(cursor, halves, layout, parsed, progress):
    """Stage both halves of the file; ``parsed`` then holds what the readers
    found, as if one had read the whole file."""
    # Fork: the readers start with the file's text and layout already in
    # memory, and never touch this process's database connection.
    context = multiprocessing.get_context("fork")
    readers = [
        start_reader(context, halves, layout, parsed.may_hold_nul, first)
        for first in (True, False)
    ]
    try:
        found = stream(cursor, [receiver for _, receiver in readers], progress)
    finally:
        stop_readers(readers)
    gather(cursor, parsed, found)


def start_reader(context, halves, layout, may_hold_nul, first):
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=read_half,
        args=(sender, halves, layout, may_hold_nul, first),
        daemon=True,
    )
    process.start()
    sender.close()
    return process, receiver


def stop_readers(readers):
    for process, receiver in readers:
        receiver.close()
        process.join(timeout=5)
        if process.is_alive():
            logger.warning("a reader of an import did not stop; killed")
            process.kill()
            process.join()


def stream(cursor, receivers, progress):
    """Send the readers' lines to COPY as they come, in batches between which
    ``progress`` is told the rows staged. Returns each reader's findings."""
    found = {}
    pending = list(receivers)
    staged = 0
    while pending:
        batch_end = staged + BATCH
        with cursor.copy(copy_statement()) as copy:
            while pending and staged < batch_end:
                for receiver in wait(pending):
                    # A reader that dies unannounced ends here in EOFError,
                    # which fails the import.
                    message = receiver.recv()
                    if message[0] == "rows":
                        copy.write(message[2])
                        staged += message[1]
                    else:
                        found[receiver] = message[1]
                        pending.remove(receiver)
        progress(staged)
    return [found[receiver] for receiver in receivers]


def gather(cursor, parsed, found):
    first, second = found
    if first.cut_at is not None:
        # Reading the whole file would have stopped in the first half: the
        # second half's rows are taken back, and its problems were never met.
        cursor.execute(f"DELETE FROM {STAGING} WHERE line > %s", [first.cut_at])
        found = [first]
    for half in found:
        parsed.absorb(half)
    check_not_empty(parsed)


def read_half(sender, halves, layout, may_hold_nul, first):
    """In a reader's process: send the half's staging rows as COPY text, then
    what reading them found."""
    parsed = ParsedExport(may_hold_nul=may_hold_nul)
    layout.parsed = parsed
    lines = []
    for row in staging_rows(
        half_records(halves, layout, parsed, first), layout, parsed, False
    ):
        lines.append(row if type(row) is str else copy_line(row))
        if len(lines) == ROWS_A_MESSAGE:
            sender.send(("rows", len(lines), "".join(lines).encode()))
            lines = []
    sender.send(("rows", len(lines), "".join(lines).encode()))
    sender.send(("found", parsed))
    sender.close()


def half_records(halves, layout, parsed, first):
    content, delimiter = halves.content, halves.delimiter
    vouched = layout.vouched_line if layout.plain else None
    if not first:
        return unquoted_records(
            content,
            delimiter,
            parsed,
            halves.middle,
            None,
            halves.middle_line,
            vouched,
        )
    records = unquoted_records(content, delimiter, parsed, 0, halves.middle, 1, vouched)
    return (record for record in records if record[0] > halves.header_line)


def copy_line(row):
    """A staging row the SQL rules will check, as a line of COPY text."""
    line, *values, good = row
    text = "\t".join(
        "\\N" if value is None else value.translate(ESCAPES) for value in values
    )
    return f"{line}\t{text}\t{'t' if good else 'f'}\n"
