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

from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from wagtail import hooks

from plugins.billing.models import Payment

ZERO = Decimal("0.00")
# A due date passes at midnight in Kyiv, wherever the server runs.
KYIV = ZoneInfo("Europe/Kyiv")


def due_date(period, day=None):
    """The day the bill of the month starting on ``period`` is to be paid by:
    ``day`` (``BILLING_DUE_DAY`` by default) of the next month, or that
    month's last day when it is shorter."""
    day = day or settings.BILLING_DUE_DAY
    year, month = divmod(period.year * 12 + period.month, 12)
    following = date(year, month + 1, 1)
    last = monthrange(following.year, following.month)[1]
    return following.replace(day=min(day, last))


def today_in_kyiv():
    return timezone.now().astimezone(KYIV).date()


@dataclass
class PaymentDue:
    """What the latest bill asks, by when, and how much of it is still unpaid."""

    period: date
    due_on: date
    to_pay: Decimal
    remaining: Decimal
    today: date

    @property
    def paid_since(self):
        return self.to_pay - self.remaining

    @property
    def overdue(self):
        return self.remaining > 0 and self.today > self.due_on


def payment_due(dwelling, period, charges, today=None):
    """The due state of the bill of ``period`` whose ``charges`` are given.

    Each account's share is settled on its own: paying one provider more does
    not pay another.
    """
    asked = {}
    for charge in charges:
        asked[charge.account_id] = asked.get(charge.account_id, ZERO) + charge.to_pay
    paid = paid_after(dwelling, period)
    remaining = sum(
        (
            max(amount - paid.get(account, ZERO), ZERO)
            for account, amount in asked.items()
        ),
        ZERO,
    )
    return PaymentDue(
        period=period,
        due_on=due_date(period),
        to_pay=sum(asked.values(), ZERO),
        remaining=remaining,
        today=today or today_in_kyiv(),
    )


def paid_after(dwelling, period):
    """``{account id: amount}`` paid into the dwelling's accounts after the
    month of ``period`` ended: reported to billing, and from other plugins."""
    year, month = period.year, period.month
    month_end = date(year, month, monthrange(year, month)[1])
    reported = (
        Payment.objects.filter(account__dwelling=dwelling, paid_on__gt=month_end)
        .values("account_id")
        .annotate(total=Sum("amount"))
    )
    totals = {row["account_id"]: row["total"] for row in reported}

    for hook in hooks.get_hooks("cabinet_payments_after_bill"):
        for account_id, amount in hook(dwelling, period).items():
            totals[account_id] = totals.get(account_id, ZERO) + amount
    return totals
