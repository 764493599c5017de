"""A provider's monthly billing export: parse it, validate it whole, merge it.

The file formats are described in docs/formats.md; each provider's layout is
a TOML file in ``plugins/billing/formats`` (see ``formats.load_format``). The
three steps are separate so that nothing reaches the database before every row
of the file has been checked: ``parse`` turns text into typed rows,
``validate`` checks the rows against each other and against the directory,
``merge`` upserts them. The caller owns the
transaction (see ``services.import_billing_export``).
"""

from plugins.billing.importing.formats import (
    DEFAULT_FORMAT,
    ExportFormat,
    FormatError,
    format_names,
    load_format,
)
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
    "DEFAULT_FORMAT",
    "DELIMITER",
    "ExportFormat",
    "FormatError",
    "KEPT_ERRORS",
    "ExportRow",
    "MergeResult",
    "ParsedExport",
    "RowError",
    "format_names",
    "load_format",
    "merge",
    "parse",
    "validate",
]
