"""A large file read by two processes stages and reports exactly what one
reader would."""

import csv

import pytest
from django.db import connection

from plugins.billing.importing import ImportRun, halves, load_format, staging
from tests.billing.conftest import export_file, export_row

pytestmark = pytest.mark.django_db(transaction=True)


def mixed_export():
    """Forty rows of ten accounts, with problems in both halves: values the
    rules refuse, a NUL, a backslash, a short record and blank lines."""
    rows = [
        export_row(account=str(100_000 + number // 4), apartment=str(number // 4))
        for number in range(40)
    ]
    rows[3]["charged"] = "17x"
    rows[5]["payer"] = "Ко\\валенко"
    rows[6]["payer"] = "Коваленко | Іванівна"
    rows[7]["house"] = " 12"
    rows[8]["payer"] = "Ко\x00валенко"
    rows[30]["period"] = "2026-13"
    rows[33]["street"] = "вул.\tСоборна"
    text = export_file(rows).decode()
    lines = text.splitlines(keepends=True)
    lines[36] = "100234;4821\n"
    lines[12:12] = ["\n", "  \r\n"]
    return "".join(lines).encode()


def staged(data, split_lines, monkeypatch):
    """What staging ``data`` leaves: the staging table, the typed rows' lines,
    the errors of the field rules and those of reading, and the data lines
    read, with a file of ``split_lines`` lines or more read by two
    processes."""
    monkeypatch.setattr(halves, "SPLIT_LINES", split_lines)
    run = ImportRun(load_format("portal"))
    try:
        run.stage(data)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {staging.STAGING} ORDER BY line")
            records = cursor.fetchall()
            cursor.execute(f"SELECT line FROM {staging.ROWS} ORDER BY line")
            typed = cursor.fetchall()
            cursor.execute(f"SELECT * FROM {staging.ERRORS} ORDER BY line, position")
            checked = cursor.fetchall()
        read = [str(error) for error in run.parsed.errors]
        return records, typed, checked, read, run.parsed.error_count, run.parsed.lines
    finally:
        run.close()


def test_two_readers_stage_what_one_reader_stages(monkeypatch):
    data = mixed_export()

    whole = staged(data, 10**9, monkeypatch)
    split = staged(data, 2, monkeypatch)

    assert halves.split(data.decode(), load_format("portal"), 1) is not None
    assert split == whole
    assert whole[4] == 1
    assert len(whole[0]) == 39
    assert len(whole[2]) == 4


def test_reading_stops_where_one_reader_stops(monkeypatch):
    limit = csv.field_size_limit()
    rows = [export_row(account=str(100_000 + number)) for number in range(40)]
    rows[4]["payer"] = "П" * (limit + 1)
    data = export_file(rows)

    whole = staged(data, 10**9, monkeypatch)
    split = staged(data, 2, monkeypatch)

    assert split == whole
    assert [line for (line, *_rest) in whole[0]] == [2, 3, 4, 5]


def test_a_small_file_is_read_whole():
    data = export_file([export_row()] * 3)

    assert halves.split(data.decode(), load_format("portal"), 1) is None
