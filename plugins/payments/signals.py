"""Events other plugins may react to."""

from django.dispatch import Signal

#: A gateway confirmed an online payment. Sent after the transaction commits,
#: once per payment, with ``payment`` (an OnlinePayment in status "paid").
#: The provider has not confirmed it yet; its next export will.
payment_received = Signal()
