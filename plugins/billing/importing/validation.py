"""Checks of the parsed rows as a whole, and against the directory."""

from django.utils.translation import gettext as _

from cms.directory.models import Service
from plugins.billing.importing.rows import RowError
from plugins.billing.models import PersonalAccount


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
                    % {"expected": in_file_style(row.expected_closing, row.raw)},
                )
            )
    return errors


MONEY_COLUMNS = (
    "opening_balance",
    "charged",
    "benefit",
    "subsidy",
    "recalculation",
    "paid",
    "closing_balance",
)


def in_file_style(amount, raw):
    """``amount`` with the decimal mark the row's own amounts use, so that the
    expected value can be compared with the file by eye; a comma, as in
    Ukrainian, unless the row writes its amounts with a point."""
    amounts = [raw[name] for name in MONEY_COLUMNS]
    uses_point = any("." in value for value in amounts) and not any(
        "," in value for value in amounts
    )
    text = f"{amount:.2f}"
    return text if uses_point else text.replace(".", ",")


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
