"""The billing plugin's public operations. Other plugins call these, never the
billing tables directly."""

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Q, Sum

from plugins.billing import access, checks, grants, imports, linking, metered
from plugins.billing.choices import ImportStatus
from plugins.billing.models import BillingImport, Charge, Payment
from plugins.billing.months import previous_month

logger = logging.getLogger(__name__)

HISTORY_MONTHS = 12
PAYMENTS_SHOWN = 24


# Imports live in their own module; other code reaches them here.
ImportReport = imports.ImportReport
import_billing_export = imports.import_billing_export


def dwellings_of(user):
    """The dwellings ``user`` may view: those they are linked to and those an
    owner delegated to them; each has ``owned`` telling which. Changing a
    dwelling (unlinking, disputes, granting access) needs ``owned_dwellings``.
    """
    return access.visible_dwellings(user)


def owned_dwellings(user):
    """The dwellings ``user`` is linked to as a resident; nobody else's."""
    return access.owned_dwellings(user)


def can_pay(user, dwelling):
    """Whether ``user`` may pay the dwelling's bills; see access.py."""
    return access.can_pay(user, dwelling)


def balances(dwellings):
    """Each dwelling's balance: the sum of the latest closing balance of every
    account and service. Positive is a debt, negative a prepayment."""
    totals = {dwelling.pk: Decimal("0.00") for dwelling in dwellings}
    for dwelling_id, _account_id, closing in latest_closing_balances(dwellings):
        totals[dwelling_id] += closing
    return totals


def remembered(dwelling, name, read):
    """``read()``, once per dwelling object: the cabinet page, its bill check
    and other plugins' panels all ask about the same dwelling in one request,
    and the answer does not change while the page is drawn."""
    answers = dwelling.__dict__.setdefault("_billing_answers", {})
    if name not in answers:
        answers[name] = read()
    return answers[name]


# Answers drawn only from the dwelling's charges and the accounts, providers,
# services and tariffs they name, which the cabinet may keep in the cache
# under the fingerprint of those rows (see fragments.py).
CHARGE_ANSWERS = ("latest_periods", "current_with_previous", "account_balances")


def charge_answers(dwelling):
    """``{name: answer}`` of CHARGE_ANSWERS, read now unless remembered."""
    latest_periods(dwelling)
    current_with_previous(dwelling)
    account_balances(dwelling)
    return {name: dwelling._billing_answers[name] for name in CHARGE_ANSWERS}


def recall_answers(dwelling, answers):
    """Remember ``answers`` (from :func:`charge_answers` of the same rows) for
    the dwelling object, so this request reads none of them again."""
    dwelling.__dict__.setdefault("_billing_answers", {}).update(answers)


def account_balances(dwelling):
    """The dwelling's balance with each provider, by account id."""

    def read():
        totals = {}
        for _dwelling_id, account_id, closing in latest_closing_balances([dwelling]):
            totals[account_id] = totals.get(account_id, Decimal("0.00")) + closing
        return totals

    return remembered(dwelling, "account_balances", read)


def balance(dwelling):
    """The dwelling's balance with all its providers together."""
    return sum(account_balances(dwelling).values(), Decimal("0.00"))


def latest_closing_balances(dwellings):
    """(dwelling id, account id, closing balance) of the latest month of every
    account and service of ``dwellings``."""
    return (
        Charge.objects.filter(account__dwelling__in=dwellings)
        .order_by("account_id", "service_id", "-period")
        .distinct("account_id", "service_id")
        .values_list("account__dwelling_id", "account_id", "closing_balance")
    )


def latest_periods(dwelling):
    """Each account's last billed month, by account id. Providers export at
    different times: one may have sent December while another's November is
    still the latest of its account."""
    return remembered(
        dwelling,
        "latest_periods",
        lambda: dict(
            Charge.objects.filter(account__dwelling=dwelling)
            .values_list("account_id")
            .annotate(latest=Max("period"))
        ),
    )


def last_imports(providers):
    """When each provider's latest applied export arrived, by provider id."""
    return dict(
        BillingImport.objects.filter(
            provider__in=providers, status=ImportStatus.APPLIED
        )
        .values_list("provider_id")
        .annotate(latest=Max("created_at"))
    )


def latest_account_charges(dwelling):
    """The charges of each account's last billed month, in bill order: what
    the dwelling owes each provider now."""
    charges, _previous = current_with_previous(dwelling)
    return charges


def month_charges(dwelling, period):
    """The dwelling's charges of one month, in bill order."""
    return charges_of(dwelling, Q(period=period))


def history(dwelling, months=HISTORY_MONTHS):
    """Month-by-month totals of the dwelling's last ``months`` billed months,
    the latest first; ``relief`` is benefit and subsidy together and
    ``water_volume`` the m³ of water supply billed."""
    rows = list(
        Charge.objects.filter(account__dwelling=dwelling)
        .values("period")
        .annotate(
            opening_balance=Sum("opening_balance"),
            charged=Sum("charged"),
            benefit=Sum("benefit"),
            subsidy=Sum("subsidy"),
            recalculation=Sum("recalculation"),
            paid=Sum("paid"),
            closing_balance=Sum("closing_balance"),
            # Water used, for the consumption chart; None in a month without
            # water supply charges.
            water_volume=Sum("volume", filter=Q(service__code="water_supply")),
        )
        .order_by("-period")[:months]
    )
    for row in rows:
        row["relief"] = row["benefit"] + row["subsidy"]
    return rows


def service_history(dwelling, account_id, service_code, months=HISTORY_MONTHS):
    """The charges of one service of one of the dwelling's accounts in its last
    ``months`` billed months, the latest first, in one query; empty when the
    account is not the dwelling's or was never billed for the service."""
    return list(
        Charge.objects.filter(
            account__dwelling=dwelling,
            account_id=account_id,
            service__code=service_code,
        )
        .select_related("account__provider", "service", "tariff")
        .order_by("-period")[:months]
    )


@dataclass
class RecentPayments:
    """The latest payments of a dwelling, and whether older ones were left out."""

    payments: list
    truncated: bool

    def __iter__(self):
        return iter(self.payments)

    def __len__(self):
        return len(self.payments)


def payments(dwelling, limit=PAYMENTS_SHOWN):
    """The latest ``limit`` payments into any of the dwelling's accounts."""
    # One row more than shown tells, in the same query, whether any were cut.
    found = list(
        Payment.objects.filter(account__dwelling=dwelling).select_related(
            "account__provider"
        )[: limit + 1]
    )
    return RecentPayments(payments=found[:limit], truncated=len(found) > limit)


def payment_history(dwelling):
    """Every payment into any of the dwelling's accounts, newest first, to be
    read a page at a time."""
    return Payment.objects.filter(account__dwelling=dwelling).select_related(
        "account__provider"
    )


TOTALLED = (
    "opening_balance",
    "charged",
    "benefit",
    "subsidy",
    "recalculation",
    "paid",
    "closing_balance",
    "to_pay",
)


def totals(charges):
    """Column sums of a month's charges, including what the bill asks to pay."""
    return {
        name: sum((getattr(charge, name) for charge in charges), Decimal("0.00"))
        for name in TOTALLED
    }


# Housing subsidies the social-protection office granted; see grants.py.
GrantReport = grants.GrantReport
grant_subsidy = grants.grant_subsidy


# Linking a resident to a dwelling; the rules live in linking.py.
LinkRefusedError = linking.LinkRefusedError
TooManyAttemptsError = linking.TooManyAttemptsError
link_dwelling = linking.link_dwelling
unlink_dwelling = linking.unlink_dwelling


def check_charges(dwelling, charges):
    """Recompute each charge from the tariff in force; see checks.py."""
    return checks.check_charges(dwelling, charges, meter_readings(dwelling))


def meter_readings(dwelling):
    """Every reading of the dwelling's meters, read once per request."""
    return remembered(dwelling, "meter_readings", lambda: metered.ReadingBook(dwelling))


def check_months(dwelling, months=HISTORY_MONTHS):
    """``{charge id: ChargeCheck}`` of the dwelling's last ``months`` billed
    months, in three queries whatever the number of months."""
    periods = [row["period"] for row in history(dwelling, months)]
    charges = Charge.objects.filter(
        account__dwelling=dwelling, period__in=periods
    ).select_related("account", "service", "tariff")
    return checks.check_charges(dwelling, charges)


def dwelling_summary(dwelling):
    """What other offices need to know of a dwelling, as JSON-ready data:
    address and its street (for the offices' lists by street), area,
    registered persons, and each service with its provider, account and latest
    charge (amounts as text with two decimals)."""
    charges, _previous = current_with_previous(dwelling)
    return {
        "address": dwelling.address,
        "street": dwelling.street,
        "total_area": f"{dwelling.total_area:.2f}",
        "registered_persons": dwelling.registered_persons,
        "services": [
            {
                "service": charge.service.code,
                "service_name": charge.service.name,
                "provider": charge.account.provider.short_name,
                "account": charge.account.number,
                "month": charge.period.isoformat(),
                "charged": f"{charge.charged:.2f}",
                "to_pay": f"{charge.to_pay:.2f}",
            }
            for charge in charges
        ],
    }


def month_with_previous(dwelling, period):
    """The month's charges in bill order, and the month before's as
    ``{(account id, service id): charge}``, read in one query so the bill can
    say what changed."""
    found = charges_of(dwelling, Q(period__in=[period, previous_month(period)]))
    return split_previous(found, {charge.account_id: period for charge in found})


def current_with_previous(dwelling):
    """What each provider billed last, in bill order, and each account's month
    before as ``{(account id, service id): charge}``.

    Providers export at different times: while one has sent December, another's
    November is still what the dwelling owes it, and stays on the page.
    """

    def read():
        latest = latest_periods(dwelling)
        months = Q(pk__in=[])
        for account_id, period in latest.items():
            months |= Q(
                account_id=account_id, period__in=[period, previous_month(period)]
            )
        return split_previous(charges_of(dwelling, months), latest)

    return remembered(dwelling, "current_with_previous", read)


def charges_of(dwelling, months):
    """The dwelling's charges matching ``months``, in bill order."""
    return list(
        Charge.objects.filter(account__dwelling=dwelling)
        .filter(months)
        .select_related("account__provider", "service", "tariff")
        .order_by("service__sort_order", "account__provider__short_name")
    )


def split_previous(charges, current_months):
    """``charges`` of each account's month in ``current_months`` (by account
    id), and the others by (account id, service id)."""
    current = [
        charge
        for charge in charges
        if charge.period == current_months[charge.account_id]
    ]
    previous = {
        (charge.account_id, charge.service_id): charge
        for charge in charges
        if charge.period != current_months[charge.account_id]
    }
    return current, previous
