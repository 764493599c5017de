"""Checks of the typed rows as a whole, and against the directory, in SQL.

Each check is one statement over the whole file that records the rows it
refuses in the errors table, with a code the messages below explain and the
detail they need (the expected amount, the line met first).
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from cms.directory.models import Service
from plugins.billing.importing.fields import RULES
from plugins.billing.importing.staging import ERRORS, ROWS
from plugins.billing.models import Dwelling, PersonalAccount

# Where the errors of a row sort after those of its fields.
BALANCE, DUPLICATE, DIFFERS, SERVICE, MOVED, MONTH, UNKNOWN = (
    100,
    200,
    300,
    400,
    500,
    600,
    700,
)

ACCOUNT_DETAILS = (
    "access_code",
    "payer",
    "street",
    "house",
    "apartment",
    "total_area",
    "persons",
)

EXPECTED_CLOSING = (
    "opening_balance + charged - benefit - subsidy + recalculation - paid"
)


def validate(cursor, provider, period=None, new_accounts=True):
    """Record every row that contradicts itself, another row, the directory
    or, when ``period`` is given, the month the import is for. Without
    ``new_accounts`` a row of an account the portal does not know is refused:
    after a provider's first file, a new number is more often a typo than a
    new payer."""
    check_balances(cursor)
    check_duplicates(cursor)
    check_accounts_agree(cursor)
    check_services(cursor, provider)
    check_known_accounts(cursor, provider)
    if period is not None:
        check_month(cursor, period)
    if not new_accounts:
        check_unknown_accounts(cursor, provider)


def record(cursor, select, params=None):
    cursor.execute(
        f"INSERT INTO {ERRORS} (line, position, field, code, detail) {select}", params
    )


def check_balances(cursor):
    record(
        cursor,
        f"SELECT line, {BALANCE}, 'closing_balance', 'balance', "
        f"({EXPECTED_CLOSING})::text FROM {ROWS} "
        f"WHERE closing_balance <> {EXPECTED_CLOSING}",
    )


def check_duplicates(cursor):
    # Grouping first finds the few repeated keys without sorting a million
    # rows; only their rows are then compared.
    record(
        cursor,
        f"SELECT r.line, {DUPLICATE}, 'service', 'duplicate', d.first_line::text "
        f"FROM {ROWS} r JOIN (SELECT account, service, period, min(line) AS first_line "
        f"FROM {ROWS} GROUP BY account, service, period HAVING count(*) > 1) d "
        "USING (account, service, period) WHERE r.line <> d.first_line",
    )


def check_accounts_agree(cursor):
    """All rows of one account must describe the same payer and dwelling."""
    details = ", ".join(ACCOUNT_DETAILS)
    differs = ", ".join(
        f"({rank}, '{name}', r.{name} <> f.{name})"
        for rank, name in enumerate(ACCOUNT_DETAILS)
    )
    # The accounts whose rows disagree, found by hashing: only their rows are
    # then sorted to compare each with the account's first.
    record(
        cursor,
        f"WITH split AS (SELECT account FROM (SELECT DISTINCT account, {details} "
        f"FROM {ROWS}) described GROUP BY account HAVING count(*) > 1), "
        f"suspect AS (SELECT * FROM {ROWS} WHERE account IN (SELECT account FROM split)) "
        f"SELECT r.line, {DIFFERS} + d.rank, d.field, 'differs', f.line::text "
        "FROM suspect r JOIN (SELECT DISTINCT ON (account) * FROM suspect "
        "ORDER BY account, line) f ON f.account = r.account AND f.line <> r.line "
        f"CROSS JOIN LATERAL (VALUES {differs}) AS d(rank, field, differs) "
        "WHERE d.differs",
    )


def check_services(cursor, provider):
    known = list(Service.objects.values_list("code", flat=True))
    offered = list(provider.services.values_list("code", flat=True))
    record(
        cursor,
        f"SELECT line, {SERVICE}, 'service', "
        "CASE WHEN service = ANY(%(known)s::text[]) THEN 'not_offered' "
        "ELSE 'unknown_service' END, NULL "
        f"FROM {ROWS} WHERE service <> ALL(%(offered)s::text[])",
        {"known": known, "offered": offered},
    )


def check_known_accounts(cursor, provider):
    """An existing account stays at its dwelling: moving it would show its
    charges to the residents of another address."""
    record(
        cursor,
        f"SELECT r.line, {MOVED}, 'street', 'moved', NULL FROM {ROWS} r "
        f"JOIN {PersonalAccount._meta.db_table} a "
        "ON a.provider_id = %(provider)s AND a.number = r.account "
        f"JOIN {Dwelling._meta.db_table} d ON d.id = a.dwelling_id "
        "WHERE (d.street, d.house, d.apartment) <> (r.street, r.house, r.apartment)",
        {"provider": provider.pk},
    )


def check_unknown_accounts(cursor, provider):
    record(
        cursor,
        f"SELECT r.line, {UNKNOWN}, 'account', 'unknown_account', NULL FROM {ROWS} r "
        f"WHERE NOT EXISTS (SELECT FROM {PersonalAccount._meta.db_table} a "
        "WHERE a.provider_id = %(provider)s AND a.number = r.account)",
        {"provider": provider.pk},
    )


def check_month(cursor, period):
    record(
        cursor,
        f"SELECT line, {MONTH}, 'period', 'other_month', %(period)s::text "
        f"FROM {ROWS} WHERE period <> %(period)s",
        {"period": period},
    )


def message(code, detail, record, provider):
    """The sentence for a row refused by the check that wrote ``code``;
    ``record`` is the row's staged text by field."""
    if code == "balance":
        expected = in_file_style(Decimal(detail), record)
        return _(
            "does not equal opening + charged - benefit - subsidy "
            "+ recalculation - paid = %(expected)s"
        ) % {"expected": expected}
    if code == "duplicate":
        return _(
            "account %(account)s, this service and period already on line %(line)d"
        ) % {"account": record["account"], "line": int(detail)}
    if code == "differs":
        return _("differs from line %(line)d of the same account") % {
            "line": int(detail)
        }
    if code == "unknown_service":
        return _("unknown service code")
    if code == "not_offered":
        return _("the provider %(provider)s does not offer this service") % {
            "provider": provider.code
        }
    if code == "unknown_account":
        return _(
            "the provider has no personal account %(account)s in the portal; "
            "a file that opens new accounts must be imported as one"
        ) % {"account": record["account"]}
    if code == "moved":
        return _("account %(account)s is registered at another address") % {
            "account": record["account"]
        }
    return _("the import is for %(month)s; this row is for another month") % {
        "month": detail[:7]
    }


def shown_value(code, field, record):
    """The value an error names: the address for an account that moved, else
    the field's own text."""
    if code == "moved":
        parts = (record["street"], record["house"], record["apartment"])
        return ", ".join(part for part in parts if part)
    return record[field]


# The amounts of a row, whose decimal mark the expected balance copies.
MONEY_COLUMNS = tuple(name for name, rule in RULES.items() if rule.kind == "money")


def in_file_style(amount, record):
    """``amount`` with the decimal mark the row's own amounts use, so that the
    expected value can be compared with the file by eye; a comma, as in
    Ukrainian, unless the row writes its amounts with a point."""
    amounts = [record[name] for name in MONEY_COLUMNS]
    uses_point = any("." in value for value in amounts) and not any(
        "," in value for value in amounts
    )
    text = f"{amount:.2f}"
    return text if uses_point else text.replace(".", ",")
