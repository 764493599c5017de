"""The shapes an export passes through: its columns, a typed row, an error,
and the outcome of merging."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

DELIMITER = ";"

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


@dataclass(frozen=True)
class RowError:
    """One problem found in the file: where it is, and what is wrong."""

    line: int
    field: str
    value: str
    message: str

    def __str__(self):
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
class ExportRow:
    """One data line of the export, with every value converted to its type."""

    line: int
    account: str
    access_code: str
    payer: str
    street: str
    house: str
    apartment: str
    total_area: Decimal
    persons: int
    service: str
    period: date
    opening_balance: Decimal
    volume: Decimal
    unit: str
    price: Decimal
    charged: Decimal
    benefit: Decimal
    subsidy: Decimal
    recalculation: Decimal
    paid: Decimal
    closing_balance: Decimal
    raw: dict = field(default_factory=dict, repr=False)

    @property
    def key(self):
        return (self.account, self.service, self.period)

    @property
    def address(self):
        return (self.street, self.house, self.apartment)

    @property
    def expected_closing(self):
        return (
            self.opening_balance
            + self.charged
            - self.benefit
            - self.subsidy
            + self.recalculation
            - self.paid
        )


@dataclass
class ParsedExport:
    """What parsing a file gave: the rows that converted and every problem."""

    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    lines: int = 0


@dataclass
class MergeResult:
    """What merging changed, for the import record and the command's summary."""

    rows: int = 0
    changed: int = 0
    charges_created: int = 0
    charges_updated: int = 0
    accounts_created: int = 0
    accounts_updated: int = 0
    dwellings_created: int = 0
