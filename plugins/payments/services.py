"""The payments plugin's operations: start a payment, accept a gateway's
callback, and tell the cabinet what is paid but not yet confirmed."""

import logging
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from cms import audit
from plugins.billing import services as billing
from plugins.payments.choices import CallbackVerdict, PaymentStatus
from plugins.payments.gateways import CallbackError
from plugins.payments.models import CallbackLog, OnlinePayment
from plugins.payments.signals import payment_received

logger = logging.getLogger(__name__)

CURRENCY = "UAH"
#: The most one online payment may carry: a year of a large house's bills with
#: room to spare; a bigger sum is far more likely a typo than a debt.
MAX_AMOUNT = Decimal("100000.00")
#: Providers send their export of a month by this day of the next month.
CONFIRMATION_DAY = 5

#: What the gateway's status word means for a payment still waiting for it.
OUTCOMES = {
    "success": PaymentStatus.PAID,
    "failure": PaymentStatus.REFUSED,
    "error": PaymentStatus.FAILED,
}


@dataclass
class PayableAccount:
    """A dwelling's account at one provider and what its latest bill asks."""

    account: object
    to_pay: Decimal


def payable_accounts(dwelling):
    """The dwelling's accounts, each with the amount due on its provider's
    latest bill: a provider whose export came later than the others' is
    still paid for the month it billed last."""
    found = {}
    for charge in billing.latest_account_charges(dwelling):
        row = found.setdefault(
            charge.account_id, PayableAccount(charge.account, Decimal("0.00"))
        )
        row.to_pay += charge.to_pay
    return list(found.values())


def start_payment(user, dwelling, account, amount, gateway):
    """Record a payment of ``account`` about to be sent to ``gateway``.

    Only a resident linked to the dwelling, or a delegate allowed to pay, may
    pay its accounts.
    """
    if not billing.can_pay(user, dwelling):
        raise PermissionDenied("Only the dwelling's residents may pay its accounts.")
    if account.dwelling_id != dwelling.pk:
        raise PermissionDenied("The account belongs to another dwelling.")

    payment = OnlinePayment.objects.create(
        order_id=uuid.uuid4().hex,
        dwelling=dwelling,
        account=account,
        payer=user,
        amount=amount,
        currency=CURRENCY,
        gateway=gateway.name,
    )
    logger.info(
        "online payment %s created for account %s via %s",
        payment.order_id,
        account.pk,
        gateway.name,
    )
    return payment


def accept_callback(gateway, request_data):
    """Apply a gateway's callback once; return its :class:`CallbackLog`.

    The signed callback is the only thing that marks a payment paid. A callback
    delivered again is recorded as a duplicate and changes nothing.
    """
    try:
        result = gateway.verify_callback(request_data)
    except CallbackError as error:
        return record(
            gateway, error.order_id, "", CallbackVerdict.REFUSED, error.reason
        )

    with transaction.atomic():
        # Holding the order's row makes a second delivery wait for the first.
        payment = (
            OnlinePayment.objects.select_for_update()
            .filter(order_id=result.order_id, gateway=gateway.name)
            .first()
        )
        problem = mismatch(payment, result)
        if problem:
            return record(
                gateway,
                result.order_id,
                result.status,
                CallbackVerdict.REFUSED,
                problem,
            )
        if payment.status != PaymentStatus.CREATED:
            return record(
                gateway,
                result.order_id,
                result.status,
                CallbackVerdict.DUPLICATE,
                payment.status,
            )
        return settle(gateway, payment, result)


def mismatch(payment, result):
    """Why a verified callback does not fit the order it names, or None."""
    if payment is None:
        return "unknown order"
    if result.amount != payment.amount:
        return "amount differs"
    if result.currency != payment.currency:
        return "currency differs"
    return None


def settle(gateway, payment, result):
    outcome = OUTCOMES.get(result.status)
    if outcome is None:
        # An interim state (processing, waiting for 3-D Secure): a final
        # callback follows.
        return record(
            gateway,
            payment.order_id,
            result.status,
            CallbackVerdict.ACCEPTED,
            "interim",
        )

    from_status = payment.status
    payment.status = outcome
    payment.transaction_id = result.transaction_id
    if outcome == PaymentStatus.PAID:
        payment.paid_at = timezone.now()
    try:
        with transaction.atomic():
            payment.save(update_fields=["status", "transaction_id", "paid_at"])
    except IntegrityError:
        return record(
            gateway,
            payment.order_id,
            result.status,
            CallbackVerdict.REFUSED,
            "transaction reused",
        )

    record_in_audit(payment, from_status, gateway)
    logger.info(
        "online payment %s is %s, transaction %s",
        payment.order_id,
        outcome,
        result.transaction_id,
    )
    if outcome == PaymentStatus.PAID:
        # In the callback's transaction: a receiver that fails undoes the
        # settlement, and the bank, answered with an error, delivers again.
        payment_received.send(sender=OnlinePayment, payment=payment)
    return record(
        gateway, payment.order_id, result.status, CallbackVerdict.ACCEPTED, ""
    )


def record_in_audit(payment, from_status, gateway):
    """The bank's verdict on a payment in the audit log: no one signed in
    made it, so the entry names the payer by id only."""
    audit.record(
        f"payments.payment.{payment.status}",
        actor=None,
        target=payment,
        from_status=from_status,
        to_status=payment.status,
        amount=payment.amount,
        currency=payment.currency,
        provider=payment.account.provider.code,
        gateway=gateway.name,
        payer_id=payment.payer_id,
    )


def record(gateway, order_id, status, verdict, reason):
    entry = CallbackLog.objects.create(
        gateway=gateway.name,
        order_id=order_id,
        gateway_status=status[:30],
        verdict=verdict,
        reason=reason,
    )
    if verdict == CallbackVerdict.REFUSED:
        logger.warning(
            "callback %s for order %s refused: %s", entry.pk, order_id or "-", reason
        )
    return entry


def expected_confirmation(paid_at):
    """When the provider should confirm a payment: its export of the month the
    payment was made in arrives by the 5th of the next month."""
    day = timezone.localdate(paid_at)
    if day.month == 12:
        return date(day.year + 1, 1, CONFIRMATION_DAY)
    return date(day.year, day.month + 1, CONFIRMATION_DAY)


def pending_payments(dwelling):
    """Payments paid online in a month their account's latest export does not
    cover yet: the bank has the money, the provider has not confirmed it. Each
    account is judged by its own provider's export, not by another's.

    Read once per dwelling object: the cabinet page asks for what was paid
    after the bill and for its payment panel in one request.
    """

    def read():
        found = list(
            OnlinePayment.objects.filter(dwelling=dwelling, status=PaymentStatus.PAID)
            .select_related("account__provider")
            .order_by("paid_at")
        )
        latest = billing.latest_periods(dwelling)
        imported = billing.last_imports(
            {payment.account.provider_id for payment in found}
        )
        return [
            payment for payment in found if awaits_export(payment, latest, imported)
        ]

    return billing.remembered(dwelling, "payments:pending", read)


def awaits_export(payment, latest, imported):
    """Whether no export of the payment's provider covers it yet: its
    account's last billed month is before the payment's, or is the payment's
    month but arrived before the payment was made."""
    month = timezone.localdate(payment.paid_at).replace(day=1)
    billed = latest.get(payment.account_id)
    if billed is None or billed < month:
        return True
    arrived = imported.get(payment.account.provider_id)
    return billed == month and arrived is not None and arrived < payment.paid_at


@dataclass
class PendingPayment:
    """A payment the bank took and the provider has yet to confirm."""

    payment: OnlinePayment
    expected_on: date


@dataclass
class CabinetSummary:
    """What the cabinet shows about online payment of one dwelling."""

    accounts: list
    pending: list
    exported_balance: Decimal
    pending_total: Decimal

    @property
    def balance_after_pending(self):
        return self.exported_balance - self.pending_total


def cabinet_summary(dwelling):
    """The accounts to pay, the payments awaiting the provider and the balance
    before and after them."""
    pending = [
        PendingPayment(payment, expected_confirmation(payment.paid_at))
        for payment in pending_payments(dwelling)
    ]
    accounts = payable_accounts(dwelling)
    # What is already on its way is not asked for again.
    for row in accounts:
        on_its_way = sum(
            (
                p.payment.amount
                for p in pending
                if p.payment.account_id == row.account.pk
            ),
            Decimal("0.00"),
        )
        row.to_pay = max(row.to_pay - on_its_way, Decimal("0.00"))
    return CabinetSummary(
        accounts=accounts,
        pending=pending,
        exported_balance=billing.balance(dwelling),
        pending_total=sum((row.payment.amount for row in pending), Decimal("0.00")),
    )
