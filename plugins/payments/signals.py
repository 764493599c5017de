"""Events other plugins may react to."""

from django.dispatch import Signal

#: A gateway confirmed an online payment. Sent inside the callback's
#: transaction, once per payment, with ``payment`` (an OnlinePayment in status
#: "paid"): a receiver's failure undoes the settlement, and a receiver that
#: reaches outside the database (e-mail, a queue) defers that to
#: ``transaction.on_commit``. The provider has not confirmed the payment yet;
#: its next export will.
payment_received = Signal()
