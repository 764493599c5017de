"""A provider's monthly billing export: parse it, validate it whole, merge it.

The file format is described in docs/formats.md. The three steps are separate so
that nothing reaches the database before every row of the file has been checked:
``parse`` turns text into typed rows, ``validate`` checks the rows against each
other and against the directory, ``merge`` upserts them. The caller owns the
transaction (see ``services.import_billing_export``).
"""

from plugins.billing.importing.merging import merge
from plugins.billing.importing.parsing import parse
from plugins.billing.importing.rows import (
    COLUMNS,
    DELIMITER,
    KEPT_ERRORS,
    ExportRow,
    MergeResult,
    ParsedExport,
    RowError,
)
from plugins.billing.importing.validation import validate

__all__ = [
    "COLUMNS",
    "DELIMITER",
    "KEPT_ERRORS",
    "ExportRow",
    "MergeResult",
    "ParsedExport",
    "RowError",
    "merge",
    "parse",
    "validate",
]
