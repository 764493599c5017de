"""Online payments in a resident's data export. Closing an account keeps
them whole: a payment is a record the law requires to keep; it stays linked
to the anonymous user id only."""

from django.db.models import F

from plugins.payments.models import OnlinePayment

#: The newest online payments the export lists.
MAX_PAYMENTS = 2000


def online_payments_of(user):
    """The export's "online_payments" section; one query."""
    payments = (
        OnlinePayment.objects.filter(payer=user)
        .order_by("-created_at", "-pk")
        .values(
            "order_id",
            "amount",
            "currency",
            "status",
            "gateway",
            "created_at",
            "paid_at",
            account_number=F("account__number"),
        )
    )
    return list(payments[:MAX_PAYMENTS])
