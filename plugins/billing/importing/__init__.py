"""A provider's monthly billing export: read it, check it whole, merge it.

The file formats are described in docs/formats.md; each provider's layout is
a TOML file in ``plugins/billing/formats`` (see ``formats.load_format``). A
file is read into a staging table with COPY, every value and every rule
between rows is checked there in SQL, and only a file without a single error
is merged, set by set (see ``run.ImportRun``). The caller owns the
transaction (see ``imports.import_billing_export``).
"""

from plugins.billing.importing import staging
from plugins.billing.importing.formats import (
    DEFAULT_FORMAT,
    ExportFormat,
    FormatError,
    format_names,
    load_format,
)
from plugins.billing.importing.rows import (
    COLUMNS,
    DELIMITER,
    KEPT_ERRORS,
    MergeResult,
    ParsedExport,
    RowError,
)
from plugins.billing.importing.run import ImportRun

__all__ = [
    "COLUMNS",
    "DEFAULT_FORMAT",
    "DELIMITER",
    "ExportFormat",
    "FormatError",
    "ImportRun",
    "KEPT_ERRORS",
    "MergeResult",
    "ParsedExport",
    "RowError",
    "format_names",
    "load_format",
    "staging",
]
