"""The shapes an export passes through: its columns, a typed row, an error,
and the outcome of merging."""

import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

DELIMITER = ";"

# How many errors of one file are kept to show; the rest are only counted.
KEPT_ERRORS = 1000

# How much of a value a message shows: enough to find it in the file.
SHOWN_LENGTH = 80

# Characters that move the cursor, change colours or reorder text when a
# message is printed on a terminal or shown in the admin.
UNPRINTABLE = {"Cc", "Cf", "Zl", "Zp"}

COLUMNS = (
    "account",
    "access_code",
    "payer",
    "street",
    "house",
    "apartment",
    "total_area",
    "persons",
    "service",
    "period",
    "opening_balance",
    "volume",
    "unit",
    "price",
    "charged",
    "benefit",
    "subsidy",
    "recalculation",
    "paid",
    "closing_balance",
)


def shown(text, length=None):
    """``text`` safe to print: cut to ``length`` characters with an ellipsis,
    and every unprintable character written as its escape, ``\\x1b``."""
    if length is not None and len(text) > length:
        text = text[:length] + "…"
    return "".join(
        escaped(char) if unicodedata.category(char) in UNPRINTABLE else char
        for char in text
    )


def escaped(char):
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


@dataclass(frozen=True)
class RowError:
    """One problem found in the file: where it is, and what is wrong.

    The field and value are kept as they are shown: cut to ``SHOWN_LENGTH``
    characters and with unprintable characters escaped, so that neither a
    terminal nor the database receives a file's raw bytes. Line 0 stands for
    the import as a whole.
    """

    line: int
    field: str
    value: str
    message: str
    # Where the error sorts among those of its line: the file's column order.
    position: int = field(default=0, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "field", shown(self.field, SHOWN_LENGTH))
        object.__setattr__(self, "value", shown(self.value, SHOWN_LENGTH))
        object.__setattr__(self, "message", shown(self.message))

    def __str__(self):
        if self.line == 0:
            return self.message
        if self.field == "-":
            # A problem of the file as a whole has no field or value to name.
            return _("line %(line)s: %(message)s") % {
                "line": self.line,
                "message": self.message,
            }
        return _("line %(line)s, field %(field)s, value '%(value)s': %(message)s") % {
            "line": self.line,
            "field": self.field,
            "value": self.value,
            "message": self.message,
        }

    def as_dict(self):
        return {
            "line": self.line,
            "field": self.field,
            "value": self.value,
            "message": self.message,
        }


@dataclass
class ParsedExport:
    """What reading a file found: its data lines and the problems of its
    structure. The values themselves are checked in the staging table."""

    errors: list = field(default_factory=list)
    error_count: int = 0
    lines: int = 0
    # Whether the text may hold NUL, which a value cannot be staged with.
    may_hold_nul: bool = True
    # (line, field) -> the value as the file has it, where it held a NUL.
    originals: dict = field(default_factory=dict)
    # The line at which reading gave up before the end of the file, if any.
    cut_at: int | None = None

    def add(self, *errors):
        """Count ``errors``, keeping the first ``KEPT_ERRORS`` of the file."""
        self.error_count += len(errors)
        self.errors.extend(errors[: max(KEPT_ERRORS - len(self.errors), 0)])

    def absorb(self, part):
        """Take in what reading a later part of the same file found."""
        self.error_count += part.error_count
        self.errors.extend(part.errors[: max(KEPT_ERRORS - len(self.errors), 0)])
        self.lines += part.lines
        self.originals.update(part.originals)
        if self.cut_at is None:
            self.cut_at = part.cut_at


@dataclass
class MergeResult:
    """What merging changed, for the import record and the command's summary."""

    rows: int = 0
    changed: int = 0
    charges_created: int = 0
    charges_updated: int = 0
    charges_deleted: int = 0
    accounts_created: int = 0
    accounts_updated: int = 0
    dwellings_created: int = 0
