"""A provider's monthly billing export: parse it, validate it whole, merge it.

The file format is described in docs/formats.md. The three steps are separate so
that nothing reaches the database before every row of the file has been checked:
``parse`` turns text into typed rows, ``validate`` checks the rows against each
other and against the directory, ``merge`` upserts them. The caller owns the
transaction (see ``services.import_billing_export``).
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from cms.core.money import to_kopecks
from cms.directory.models import Service
from cms.tariffs.models import Tariff
from plugins.billing.models import Charge, Dwelling, PersonalAccount

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

# The fields of Charge an export sets; a re-import compares exactly these.
CHARGE_FIELDS = (
    "opening_balance",
    "volume",
    "unit",
    "price",
    "tariff_id",
    "charged",
    "benefit",
    "subsidy",
    "recalculation",
    "paid",
    "closing_balance",
)

NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
PERIOD = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")
WHOLE = re.compile(r"[0-9]+")
MONEY_LIMIT = Decimal("10000000000")  # Charge money fields hold 12 digits, 2 places.


@dataclass(frozen=True)
class RowError:
    """One problem found in the file: where it is, and what is wrong."""

    line: int
    field: str
    value: str
    message: str

    def __str__(self):
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
    charges_created: int = 0
    charges_updated: int = 0
    accounts_created: int = 0
    accounts_updated: int = 0
    dwellings_created: int = 0

    @property
    def changed(self):
        return self.charges_created + self.charges_updated


class FieldError(ValueError):
    """A value that does not convert; the message says why."""


# Parsing ---------------------------------------------------------------------


def text(max_length, required=True):
    def convert(value):
        if required and not value:
            raise FieldError(_("a value is required"))
        if len(value) > max_length:
            raise FieldError(
                _("longer than %(limit)d characters") % {"limit": max_length}
            )
        return value

    return convert


def decimal_number(value, places):
    """A plain decimal: comma or point, no thousands separator, no exponent."""
    value = value.replace(",", ".")
    if not NUMBER.fullmatch(value):
        raise FieldError(_("not a number"))
    number = Decimal(value)
    if places is not None and -number.normalize().as_tuple().exponent > places:
        raise FieldError(_("more than %(places)d decimal places") % {"places": places})
    return number


def money(signed=False):
    def convert(value):
        amount = to_kopecks(decimal_number(value, places=None))
        if not signed and amount < 0:
            raise FieldError(_("cannot be negative"))
        if abs(amount) >= MONEY_LIMIT:
            raise FieldError(_("too large"))
        return amount

    return convert


def quantity(places, limit, positive=False):
    def convert(value):
        number = decimal_number(value, places)
        if number < 0:
            raise FieldError(_("cannot be negative"))
        if positive and number == 0:
            raise FieldError(_("must be greater than zero"))
        if number >= limit:
            raise FieldError(_("too large"))
        return number

    return convert


def persons(value):
    if not WHOLE.fullmatch(value):
        raise FieldError(_("not a whole number"))
    number = int(value)
    if number > 100:
        raise FieldError(_("more than 100 persons in one dwelling"))
    return number


def period(value):
    match = PERIOD.fullmatch(value)
    if not match:
        raise FieldError(_("not a month in the form YYYY-MM"))
    return date(int(match[1]), int(match[2]), 1)


CONVERTERS = {
    "account": text(30),
    "access_code": text(20),
    "payer": text(200),
    "street": text(200),
    "house": text(20),
    "apartment": text(20, required=False),
    "total_area": quantity(2, limit=10**6, positive=True),
    "persons": persons,
    "service": text(50),
    "period": period,
    "opening_balance": money(signed=True),
    "volume": quantity(3, limit=10**9),
    "unit": text(20, required=False),
    "price": quantity(4, limit=10**8),
    "charged": money(),
    "benefit": money(),
    "subsidy": money(),
    "recalculation": money(signed=True),
    "paid": money(),
    "closing_balance": money(signed=True),
}


def parse(data):
    """Read the bytes of an export into typed rows, collecting every error."""
    parsed = ParsedExport()

    content = decode(data, parsed.errors)
    if content is None:
        return parsed

    reader = csv.reader(io.StringIO(content, newline=""), delimiter=DELIMITER)
    header = read_header(reader, parsed.errors)
    if header is None:
        return parsed

    try:
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            parsed.lines += 1
            row = parse_row(reader.line_num, header, values, parsed.errors)
            if row is not None:
                parsed.rows.append(row)
    except csv.Error as error:
        parsed.errors.append(
            RowError(
                reader.line_num,
                "-",
                "",
                _("unreadable CSV: %(reason)s") % {"reason": error},
            )
        )

    if parsed.lines == 0:
        parsed.errors.append(RowError(1, "-", "", _("the file has no data rows")))
    return parsed


def decode(data, errors):
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        bad = data[error.start : error.end].hex(" ")
        errors.append(RowError(line, "-", bad, _("the file is not UTF-8 text")))
        return None


def read_header(reader, errors):
    """The column names of the first line, or None when they cannot be used."""
    try:
        first = next(reader, [])
    except csv.Error:
        first = []
    header = [name.strip().lower() for name in first]
    problems = []

    for name in sorted(set(COLUMNS) - set(header)):
        problems.append(RowError(1, name, "", _("required column is missing")))
    for name in header:
        if name not in COLUMNS:
            problems.append(RowError(1, name, name, _("unknown column")))
    for name in sorted({name for name in header if header.count(name) > 1}):
        problems.append(RowError(1, name, name, _("column appears more than once")))

    errors.extend(problems)
    return None if problems else header


def parse_row(line, header, values, errors):
    if len(values) != len(header):
        errors.append(
            RowError(
                line,
                "-",
                DELIMITER.join(values),
                _("expected %(expected)d fields, found %(found)d")
                % {"expected": len(header), "found": len(values)},
            )
        )
        return None

    converted = {}
    problems = []
    for name, raw in zip(header, values, strict=True):
        raw = raw.strip()
        try:
            converted[name] = CONVERTERS[name](raw)
        except FieldError as error:
            problems.append(RowError(line, name, raw, str(error)))

    errors.extend(problems)
    if problems:
        return None
    raw = dict(zip(header, (value.strip() for value in values), strict=True))
    return ExportRow(line=line, raw=raw, **converted)


# Validation ------------------------------------------------------------------


def validate(rows, provider):
    """Check the parsed rows as a whole: arithmetic, duplicates, consistency
    between rows of one account, and the directory. Returns every error."""
    errors = []
    errors += check_balances(rows)
    errors += check_duplicates(rows)
    errors += check_accounts_agree(rows)
    errors += check_services(rows, provider)
    errors += check_known_accounts(rows, provider)
    return errors


def check_balances(rows):
    errors = []
    for row in rows:
        if row.closing_balance != row.expected_closing:
            errors.append(
                RowError(
                    row.line,
                    "closing_balance",
                    row.raw["closing_balance"],
                    _(
                        "does not equal opening + charged - benefit - subsidy "
                        "+ recalculation - paid = %(expected)s"
                    )
                    % {"expected": row.expected_closing},
                )
            )
    return errors


def check_duplicates(rows):
    errors = []
    first_line = {}
    for row in rows:
        if row.key in first_line:
            errors.append(
                RowError(
                    row.line,
                    "service",
                    row.service,
                    _(
                        "account %(account)s, this service and period already on line %(line)d"
                    )
                    % {"account": row.account, "line": first_line[row.key]},
                )
            )
        else:
            first_line[row.key] = row.line
    return errors


ACCOUNT_DETAILS = (
    "access_code",
    "payer",
    "street",
    "house",
    "apartment",
    "total_area",
    "persons",
)


def check_accounts_agree(rows):
    """All rows of one account must describe the same payer and dwelling."""
    errors = []
    first = {}
    for row in rows:
        if row.account not in first:
            first[row.account] = row
            continue
        earlier = first[row.account]
        for name in ACCOUNT_DETAILS:
            if getattr(row, name) != getattr(earlier, name):
                errors.append(
                    RowError(
                        row.line,
                        name,
                        row.raw[name],
                        _("differs from line %(line)d of the same account")
                        % {"line": earlier.line},
                    )
                )
    return errors


def check_services(rows, provider):
    codes = {row.service for row in rows}
    known = set(Service.objects.filter(code__in=codes).values_list("code", flat=True))
    offered = set(provider.services.values_list("code", flat=True))

    errors = []
    for row in rows:
        if row.service not in known:
            message = _("unknown service code")
        elif row.service not in offered:
            message = _("the provider %(provider)s does not offer this service") % {
                "provider": provider.code
            }
        else:
            continue
        errors.append(RowError(row.line, "service", row.service, message))
    return errors


def check_known_accounts(rows, provider):
    """An existing account stays at its dwelling: moving it would show its
    charges to the residents of another address."""
    numbers = {row.account for row in rows}
    existing = {
        account.number: account.dwelling
        for account in PersonalAccount.objects.filter(
            provider=provider, number__in=numbers
        ).select_related("dwelling")
    }

    errors = []
    for row in rows:
        dwelling = existing.get(row.account)
        if dwelling is None:
            continue
        if (dwelling.street, dwelling.house, dwelling.apartment) != row.address:
            errors.append(
                RowError(
                    row.line,
                    "street",
                    ", ".join(part for part in row.address if part),
                    _("account %(account)s is registered at another address")
                    % {"account": row.account},
                )
            )
    return errors


# Merging ---------------------------------------------------------------------


def merge(rows, provider):
    """Upsert valid rows by account, service and period. Run inside a transaction."""
    result = MergeResult(rows=len(rows))

    dwellings = merge_dwellings(rows, result)
    accounts = merge_accounts(rows, provider, dwellings, result)
    services = {s.code: s for s in Service.objects.filter(code__in=row_services(rows))}
    tariffs = TariffFinder(provider, services.values())
    merge_charges(rows, accounts, services, tariffs, result)

    return result


def row_services(rows):
    return {row.service for row in rows}


def merge_dwellings(rows, result):
    """Find each row's dwelling by address and create the missing ones. Existing
    dwellings keep their area and persons: several providers export the same
    dwelling and the cabinet must not flip between their figures."""
    wanted = {row.address: row for row in rows}
    streets = {street for street, _house, _apartment in wanted}
    found = {
        (d.street, d.house, d.apartment): d
        for d in Dwelling.objects.filter(street__in=streets)
        if (d.street, d.house, d.apartment) in wanted
    }

    missing = [
        Dwelling(
            street=row.street,
            house=row.house,
            apartment=row.apartment,
            total_area=row.total_area,
            registered_persons=row.persons,
        )
        for address, row in wanted.items()
        if address not in found
    ]
    for dwelling in Dwelling.objects.bulk_create(missing):
        found[(dwelling.street, dwelling.house, dwelling.apartment)] = dwelling

    result.dwellings_created = len(missing)
    return found


def merge_accounts(rows, provider, dwellings, result):
    wanted = {row.account: row for row in rows}
    found = {
        account.number: account
        for account in PersonalAccount.objects.filter(
            provider=provider, number__in=wanted
        )
    }

    changed = []
    for account in found.values():
        row = wanted[account.number]
        if (account.access_code, account.payer_name) != (row.access_code, row.payer):
            account.access_code = row.access_code
            account.payer_name = row.payer
            changed.append(account)
    PersonalAccount.objects.bulk_update(changed, ["access_code", "payer_name"])

    missing = [
        PersonalAccount(
            dwelling=dwellings[row.address],
            provider=provider,
            number=number,
            access_code=row.access_code,
            payer_name=row.payer,
        )
        for number, row in wanted.items()
        if number not in found
    ]
    for account in PersonalAccount.objects.bulk_create(missing):
        found[account.number] = account

    result.accounts_created = len(missing)
    result.accounts_updated = len(changed)
    return found


def merge_charges(rows, accounts, services, tariffs, result):
    # TODO: the export carries only each month's paid total, so no Payment rows
    # come from it; listing individual bank payments in the cabinet needs a
    # payments file (date, amount, bank reference) agreed with the providers.
    existing = {
        (charge.account_id, charge.service_id, charge.period): charge
        for charge in Charge.objects.filter(
            account__in=[accounts[row.account] for row in rows],
            period__in={row.period for row in rows},
        )
    }

    created, updated = [], []
    for row in rows:
        account, service = accounts[row.account], services[row.service]
        values = charge_values(row, tariffs.find(service, row.period, row.price))
        charge = existing.get((account.pk, service.pk, row.period))
        if charge is None:
            created.append(
                Charge(account=account, service=service, period=row.period, **values)
            )
        elif any(getattr(charge, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(charge, name, value)
            updated.append(charge)

    Charge.objects.bulk_create(created)
    Charge.objects.bulk_update(updated, CHARGE_FIELDS)
    result.charges_created = len(created)
    result.charges_updated = len(updated)


def charge_values(row, tariff):
    values = {name: getattr(row, name) for name in CHARGE_FIELDS if name != "tariff_id"}
    values["tariff_id"] = tariff.pk if tariff else None
    return values


class TariffFinder:
    """The provider's approved tariff a row's price comes from, looked up once.

    A charge links to a tariff only when the export's price equals a tariff in
    force in that month; otherwise the price stays on the charge alone, and the
    portal's own recalculation flags the difference.
    """

    def __init__(self, provider, services):
        self.tariffs = list(
            Tariff.objects.approved().filter(provider=provider, service__in=services)
        )

    def find(self, service, month, price):
        for tariff in self.tariffs:
            if (
                tariff.service_id == service.pk
                and tariff.price == price
                and (tariff.valid_from is None or tariff.valid_from <= last_day(month))
                and (tariff.valid_to is None or tariff.valid_to >= month)
            ):
                return tariff
        return None


def last_day(month):
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)
