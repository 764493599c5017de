"""The billing plugin's public operations. Other plugins call these, never the
billing tables directly."""

import hashlib
import logging
import time
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.utils.translation import gettext as _

from cms.directory.models import Provider
from plugins.billing import access, checks, importing, linking
from plugins.billing.choices import ImportStatus
from plugins.billing.models import BillingImport, Charge, Payment

logger = logging.getLogger(__name__)

HISTORY_MONTHS = 12
PAYMENTS_SHOWN = 24


@dataclass
class ImportReport:
    """The outcome of one import: its record, what changed, or why it failed."""

    record: BillingImport
    result: importing.MergeResult | None = None
    errors: list = field(default_factory=list)
    error_count: int = 0

    @property
    def rejected(self):
        return self.record.status == ImportStatus.REJECTED


def import_billing_export(provider, data, file_name, user=None, export_format=None):
    """Apply a provider's monthly export completely or not at all.

    Every row is checked before anything is written; a file with any bad row is
    recorded as rejected with its first ``KEPT_ERRORS`` errors and their total.
    A good file is merged in one transaction, replacing the provider's charges
    of the months it covers, and applying the same file again changes nothing. ``user`` is the staff member uploading it, or None for an
    operator's command. ``export_format`` is the provider's file layout
    (``importing.load_format``), the portal's own format by default. Whatever
    goes wrong, the attempt is recorded: a failure of the portal itself is
    logged and recorded as a rejection.
    """
    if user is not None and not user.has_perm("billing.add_billingimport"):
        raise PermissionDenied("This user may not import billing exports.")

    # TODO: an upload screen in the admin should enqueue this as a django-tasks
    # job and show its progress; until that screen exists only the management
    # command calls it, and a month's file takes seconds, not minutes.
    checksum = hashlib.sha256(data).hexdigest()
    started = time.monotonic()
    try:
        return apply_export(
            provider, data, file_name, checksum, user, export_format, started
        )
    except Exception:
        # The traceback goes to the log with ids only; the operator and the
        # record get a message that says the file may not be at fault.
        logger.exception(
            "import of provider %s failed (file sha256 %s)", provider.code, checksum
        )
        failure = importing.RowError(0, "-", "", internal_error())
        outcome = Outcome(lines=0, periods="", started=started)
        return reject(provider, file_name, checksum, outcome, [failure], 1, user)


def internal_error():
    return _(
        "the import failed because of an internal error; the details are in "
        "the portal's log"
    )


@dataclass
class Outcome:
    """What the record of an attempt says besides its errors: the file's data
    lines, its months, and when the attempt started."""

    lines: int
    periods: str
    started: float

    @property
    def duration_ms(self):
        return max(round((time.monotonic() - self.started) * 1000), 0)


def periods_text(rows):
    """The months of the rows, in order: "2026-10, 2026-11"."""
    return ", ".join(
        f"{period:%Y-%m}" for period in sorted({row.period for row in rows})
    )


def apply_export(provider, data, file_name, checksum, user, export_format, started):
    parsed = importing.parse(data, export_format)
    outcome = Outcome(
        lines=parsed.lines, periods=periods_text(parsed.rows), started=started
    )

    with transaction.atomic():
        # One provider's exports are checked and applied one after another, so
        # validation sees the accounts an earlier import has just created.
        Provider.objects.select_for_update().filter(pk=provider.pk).first()
        checked = importing.validate(parsed.rows, provider)
        # Parsing kept the first errors by line, so the first of both together
        # are among these.
        errors = sorted(parsed.errors + checked, key=lambda error: error.line)
        error_count = parsed.error_count + len(checked)
        if not errors:
            result = importing.merge(parsed.rows, provider)
            record = BillingImport.objects.create(
                provider=provider,
                file_name=file_name,
                sha256=checksum,
                status=ImportStatus.APPLIED,
                rows=result.rows,
                rows_changed=result.changed,
                periods=outcome.periods,
                duration_ms=outcome.duration_ms,
                created_by=user,
            )

    if errors:
        return reject(provider, file_name, checksum, outcome, errors, error_count, user)

    logger.info(
        "import %s of provider %s: %d rows, %d changed",
        record.pk,
        provider.code,
        result.rows,
        result.changed,
    )
    return ImportReport(record=record, result=result)


def reject(provider, file_name, checksum, outcome, errors, error_count, user):
    kept = errors[: importing.KEPT_ERRORS]
    # A savepoint of its own: should this insert fail, the caller can still
    # record the failure.
    with transaction.atomic():
        record = BillingImport.objects.create(
            provider=provider,
            file_name=file_name,
            sha256=checksum,
            status=ImportStatus.REJECTED,
            rows=outcome.lines,
            periods=outcome.periods,
            duration_ms=outcome.duration_ms,
            errors=[error.as_dict() for error in kept],
            error_count=error_count,
            created_by=user,
        )
    logger.info(
        "import %s of provider %s rejected: %d rows, %d errors",
        record.pk,
        provider.code,
        outcome.lines,
        error_count,
    )
    return ImportReport(record=record, errors=kept, error_count=error_count)


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
    latest = (
        Charge.objects.filter(account__dwelling__in=dwellings)
        .order_by("account_id", "service_id", "-period")
        .distinct("account_id", "service_id")
        .values_list("account__dwelling_id", "closing_balance")
    )
    totals = {dwelling.pk: Decimal("0.00") for dwelling in dwellings}
    for dwelling_id, closing in latest:
        totals[dwelling_id] += closing
    return totals


def latest_period(dwelling):
    """The last month any provider billed the dwelling for, or None."""
    found = Charge.objects.filter(account__dwelling=dwelling).aggregate(
        latest=Max("period")
    )
    return found["latest"]


def month_charges(dwelling, period):
    """The dwelling's charges of one month, in bill order."""
    return list(
        Charge.objects.filter(account__dwelling=dwelling, period=period)
        .select_related("account__provider", "service", "tariff")
        .order_by("service__sort_order", "account__provider__short_name")
    )


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


# Linking a resident to a dwelling; the rules live in linking.py.
LinkRefusedError = linking.LinkRefusedError
TooManyAttemptsError = linking.TooManyAttemptsError
link_dwelling = linking.link_dwelling
unlink_dwelling = linking.unlink_dwelling


def check_charges(dwelling, charges):
    """Recompute each charge from the tariff in force; see checks.py."""
    return checks.check_charges(dwelling, charges)


def check_months(dwelling, months=HISTORY_MONTHS):
    """``{charge id: ChargeCheck}`` of the dwelling's last ``months`` billed
    months, in two queries whatever the number of months."""
    periods = [row["period"] for row in history(dwelling, months)]
    charges = Charge.objects.filter(
        account__dwelling=dwelling, period__in=periods
    ).select_related("account", "service", "tariff")
    return checks.check_charges(dwelling, charges)


def previous_month(period):
    """The first day of the month before ``period``."""
    return (period.replace(day=1) - timedelta(days=1)).replace(day=1)


def month_with_previous(dwelling, period):
    """The month's charges in bill order, and the month before's as
    ``{(account id, service id): charge}``, read in one query so the bill can
    say what changed."""
    before = previous_month(period)
    found = list(
        Charge.objects.filter(account__dwelling=dwelling, period__in=[period, before])
        .select_related("account__provider", "service", "tariff")
        .order_by("service__sort_order", "account__provider__short_name")
    )
    current = [charge for charge in found if charge.period == period]
    previous = {
        (charge.account_id, charge.service_id): charge
        for charge in found
        if charge.period == before
    }
    return current, previous
