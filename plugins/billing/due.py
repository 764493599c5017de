"""When a month's bill is due, and whether it is overdue.

Unless the contract says otherwise, the Law of Ukraine «Про житлово-комунальні
послуги» has housing and utility services paid by the 20th of the month after
the billed one; a city whose contracts set another day says so in
``BILLING_DUE_DAY``. A bill is overdue once that day has passed in Kyiv while
some of what it asks is still unpaid. What was paid after the month ended is
not in the bill yet: it comes from the payments the providers reported and,
through the ``cabinet_payments_after_bill`` hook, from other plugins (such as
online payments the providers have yet to confirm).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, Sum
from django.utils import timezone
from wagtail import hooks

from plugins.billing.models import Payment
from plugins.billing.months import month_end, next_month

ZERO = Decimal("0.00")
# A due date passes at midnight in Kyiv, wherever the server runs.
KYIV = ZoneInfo("Europe/Kyiv")


def due_date(period, day=None):
    """The day the bill of the month starting on ``period`` is to be paid by:
    ``day`` (``BILLING_DUE_DAY`` by default) of the next month, or that
    month's last day when it is shorter."""
    day = day or settings.BILLING_DUE_DAY
    following = next_month(period)
    return following.replace(day=min(day, month_end(following).day))


def today_in_kyiv():
    return timezone.now().astimezone(KYIV).date()


@dataclass
class AccountDue:
    """What one provider's latest bill asks of an account, by when, and how
    much of it is still unpaid."""

    account: object
    period: date
    due_on: date
    to_pay: Decimal
    remaining: Decimal
    today: date

    @property
    def overdue(self):
        return self.remaining > 0 and self.today > self.due_on


@dataclass
class PaymentDue:
    """What the dwelling's latest bills ask, provider by provider.

    Providers export at different times, so one account may be billed for
    December while another's latest month is still November; each is due on
    its own month's day.
    """

    accounts: list
    today: date

    @property
    def to_pay(self):
        return sum((line.to_pay for line in self.accounts), ZERO)

    @property
    def remaining(self):
        return sum((line.remaining for line in self.accounts), ZERO)

    @property
    def paid_since(self):
        return self.to_pay - self.remaining

    @property
    def overdue(self):
        return any(line.overdue for line in self.accounts)

    @property
    def periods(self):
        return sorted({line.period for line in self.accounts})

    @property
    def period(self):
        """The month every provider billed last, or None when they differ."""
        periods = self.periods
        return periods[0] if len(periods) == 1 else None

    @property
    def due_on(self):
        """The earliest day by which something unpaid is due; when all is
        paid, the earliest due day of the bills."""
        unpaid = [line.due_on for line in self.accounts if line.remaining > 0]
        return min(unpaid or [line.due_on for line in self.accounts])


def payment_due(dwelling, charges, today=None):
    """The due state of the bills whose ``charges`` are given: each account's
    latest month, or one month of all of them.

    Each account's share is settled on its own: paying one provider more does
    not pay another.
    """
    asked = {}
    for charge in charges:
        line = asked.setdefault(
            charge.account_id, [charge.account, charge.period, ZERO]
        )
        line[2] += charge.to_pay

    periods = {account_id: line[1] for account_id, line in asked.items()}
    paid = paid_after(dwelling, periods)

    today = today or today_in_kyiv()
    accounts = [
        AccountDue(
            account=account,
            period=period,
            due_on=due_date(period),
            to_pay=amount,
            remaining=max(amount - paid.get(account.pk, ZERO), ZERO),
            today=today,
        )
        for account, period, amount in asked.values()
    ]
    return PaymentDue(accounts=accounts, today=today)


def paid_after(dwelling, periods):
    """``{account id: amount}`` paid into each account of ``periods``
    (``{account id: billed month}``) after its month ended: reported to
    billing, and from other plugins."""
    after_bill = Q(pk__in=[])
    for account_id, period in periods.items():
        after_bill |= Q(account_id=account_id, paid_on__gt=month_end(period))
    reported = (
        Payment.objects.filter(account__dwelling=dwelling)
        .filter(after_bill)
        .values("account_id")
        .annotate(total=Sum("amount"))
    )
    totals = {row["account_id"]: row["total"] for row in reported}

    for hook in hooks.get_hooks("cabinet_payments_after_bill"):
        for account_id, amount in hook(dwelling, periods).items():
            totals[account_id] = totals.get(account_id, ZERO) + amount
    return totals
