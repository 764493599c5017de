"""Each benchmark's run, appended to docs/performance.md as it was measured.

A run is written with the machine it ran on, the data it used, its table of
figures, baselines and ratios, and the command that reproduces it, so that
the page keeps every figure next to what it was measured against.
"""

import os
import shlex
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPORT = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def machine_facts():
    """Cores, memory, load at the start and PostgreSQL's version, in a line."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown processor",
    )
    return (
        f"{os.cpu_count()} cores ({model}), {memory:.1f} GB memory, load average "
        f"{os.getloadavg()[0]:.1f} at the start, PostgreSQL {postgres}"
    )


def command_line(script, argv=None):
    """The command as run, with any password in a database URL hidden."""
    argv = sys.argv[1:] if argv is None else argv
    shown = []
    for argument in argv:
        parts = urlsplit(argument)
        if parts.password:
            netloc = parts.netloc.replace(f":{parts.password}@", ":…@")
            argument = urlunsplit(parts._replace(netloc=netloc))
        shown.append(shlex.quote(argument))
    return " ".join([f".venv/bin/python benchmarks/{script}", *shown])


def markdown_table(headings, rows):
    """Rows of text under ``headings``. A column whose every cell is a
    figure is right-aligned, as figures are; words stay to the left."""
    align = [
        "---:" if all(is_figure(row[n]) for row in rows) else "---"
        for n in range(len(headings))
    ]
    return [
        "| " + " | ".join(headings) + " |",
        "| " + " | ".join(align) + " |",
        *("| " + " | ".join(str(cell) for cell in row) + " |" for row in rows),
    ]


def is_figure(cell):
    """A number, perhaps with its unit after it: "1.30", "161 ms", "2.5 ×"."""
    text = str(cell).strip().lstrip("−-+")
    return text[:1].isdigit()


def append_run(title, facts, setting, table, command):
    """Add a dated section: ``title``, the machine ``facts``, a sentence on
    the ``setting`` (data, preset, server), the ``table`` lines and the
    ``command``."""
    section = [
        "",
        f"## {title}: run of {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {facts}. {setting}",
        "",
        *table,
        "",
        "```",
        command,
        "```",
        "",
    ]
    with REPORT.open("a", encoding="utf-8") as report:
        report.write("\n".join(section))
