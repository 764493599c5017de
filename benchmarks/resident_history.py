"""Older months for one dwelling, written through the billing import as a
provider's export of those months would be.

The demo city is seeded with a year of bills; the cabinet's pages are measured
on a dwelling with two. Each earlier month repeats the dwelling's earliest
billed month (volume, tariff, charged) and is paid in full, so the balances
chain into the seeded year unchanged.
"""

import logging
from datetime import date, timedelta

from django.db.models import Sum

from plugins.billing import services
from plugins.billing.choices import PaymentSource
from plugins.billing.models import Payment

logger = logging.getLogger(__name__)

HEADER = (
    "account;access_code;payer;street;house;apartment;total_area;persons;service;"
    "period;opening_balance;volume;unit;price;charged;benefit;subsidy;"
    "recalculation;paid;closing_balance"
)
ZERO = "0,00"


def month_back(period, months):
    index = period.year * 12 + period.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def text(value):
    return str(value).replace(".", ",")


def earlier_months(account, months):
    """The months before the account's first bill that bring it to ``months``."""
    periods = account.charges.values_list("period", flat=True)
    first, billed = min(periods), len(set(periods))
    return [month_back(first, back) for back in range(1, months - billed + 1)]


def export(account, periods):
    """The provider's export of ``periods`` for one account, in the portal's
    format: each service as in its first billed month, paid in full."""
    dwelling = account.dwelling
    first = account.charges.order_by("period").first().period
    person = ";".join(
        [
            account.number,
            account.access_code,
            account.payer_name,
            dwelling.street,
            dwelling.house,
            dwelling.apartment,
            text(dwelling.total_area),
            str(dwelling.registered_persons),
        ]
    )
    lines = [HEADER]
    for charge in account.charges.filter(period=first).select_related("service"):
        for period in periods:
            amounts = [
                text(charge.opening_balance),
                text(charge.volume),
                charge.unit,
                text(charge.price),
                text(charge.charged),
                ZERO,
                ZERO,
                ZERO,
                text(charge.charged),
                text(charge.opening_balance),
            ]
            lines.append(
                f"{person};{charge.service.code};{period:%Y-%m};{';'.join(amounts)}"
            )
    return ("\n".join(lines) + "\n").encode("utf-8")


def record_payments(account, periods):
    """One bank payment a month of what the imported charges say was paid."""
    paid = dict(
        account.charges.filter(period__in=periods)
        .values("period")
        .annotate(total=Sum("paid"))
        .values_list("period", "total")
    )
    Payment.objects.bulk_create(
        Payment(
            account=account,
            paid_on=period + timedelta(days=14),
            amount=paid[period],
            source=PaymentSource.BANK,
            reference=f"BENCH-{account.pk}-{period:%Y%m}",
        )
        for period in periods
    )


def extend_history(dwelling, months):
    """Give every account of ``dwelling`` ``months`` months of charges and
    payments; returns how many months were added to each account."""
    added = 0
    for account in dwelling.accounts.select_related("provider", "dwelling"):
        periods = earlier_months(account, months)
        if not periods:
            continue
        report = services.import_billing_export(
            account.provider,
            export(account, periods),
            f"benchmark-history-{account.pk}.csv",
            new_accounts=False,
        )
        if report.rejected:
            raise RuntimeError(f"history of account {account.pk}: {report.errors[:3]}")
        record_payments(account, periods)
        added = max(added, len(periods))
        logger.info("account %s given %d earlier months", account.pk, len(periods))
    return added
