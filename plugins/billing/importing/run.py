"""One file through the staging tables: read, check, and merge when clean.

The caller owns the transaction around ``check`` and ``merge`` (see
``services.import_billing_export``); ``stage`` may run outside it, so that the
progress it reports is visible while a large file is read.
"""

import json
from dataclasses import dataclass, field

from django.db import connection

from plugins.billing.importing import fields, staging, two_readers, validation
from plugins.billing.importing.halves import Halves
from plugins.billing.importing.merging import merge
from plugins.billing.importing.parsing import read
from plugins.billing.importing.rows import KEPT_ERRORS, ParsedExport, RowError


@dataclass
class ImportRun:
    """The state of one file's import on this database connection."""

    export_format: object
    parsed: ParsedExport = field(default_factory=ParsedExport)
    layout: object = None
    periods: list = field(default_factory=list)

    def stage(self, data, progress=lambda rows: None):
        """Read the file into the staging table and check every value.
        ``progress(rows)`` is called as rows are staged."""
        with connection.cursor() as cursor:
            staging.create_tables(cursor)
            reading = read(data, self.export_format, self.parsed)
            if reading is None:
                return
            self.layout, rows = reading
            if isinstance(rows, Halves):
                two_readers.copy_rows(cursor, rows, self.layout, self.parsed, progress)
            else:
                staging.copy_rows(cursor, rows, progress)
            staging.check_fields(cursor, self.layout)
            staging.build_rows(cursor)
            self.periods = staging.periods(cursor)

    def check(self, provider, period=None, new_accounts=True):
        """Every error of the file: ``(first errors, count)``."""
        if self.layout is None:
            return self.parsed.errors, self.parsed.error_count
        with connection.cursor() as cursor:
            validation.validate(cursor, provider, period, new_accounts)
            count = staging.error_count(cursor)
            found = [
                self.error(row, provider)
                for row in staging.first_errors(cursor, KEPT_ERRORS)
            ]
        # Both lists are in file order: the first of both together are among them.
        errors = sorted(
            self.parsed.errors + found, key=lambda error: (error.line, error.position)
        )
        return errors[:KEPT_ERRORS], self.parsed.error_count + count

    def error(self, row, provider):
        line, position, name, code, detail, staged = row
        # Django reads jsonb as text and leaves decoding to JSONField.
        record = {
            key: self.parsed.originals.get((line, key), value)
            for key, value in json.loads(staged).items()
        }
        if position < validation.BALANCE:
            value = record[name]
            text = fields.message(name, code, value, self.layout.decimal_mark)
        else:
            value = validation.shown_value(code, name, record)
            text = validation.message(code, detail, record, provider)
        return RowError(line, name, value, text, position)

    def merge(self, provider):
        with connection.cursor() as cursor:
            return merge(cursor, provider, self.periods)

    def close(self):
        with connection.cursor() as cursor:
            staging.drop_tables(cursor)

    @property
    def periods_text(self):
        """The months of the file, in order: "2026-10, 2026-11"."""
        return ", ".join(f"{period:%Y-%m}" for period in self.periods)
