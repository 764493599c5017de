"""The payer's notice that a payment went through: the amount, whom it went
to, and that the provider's next export will show it."""

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms.core.money import format_uah


def payment_confirmed(sender, payment, **kwargs):
    """Receiver of payments.signals.payment_received (sent in the callback's transaction)."""
    if not apps.is_installed("plugins.notifications"):
        return
    from plugins.notifications.services import notify_once

    account = payment.account
    notify_once(
        payment.payer,
        f"payment:{payment.pk}",
        _("Payment received: %(amount)s") % {"amount": format_uah(payment.amount)},
        _(
            "%(amount)s for account %(number)s with %(provider)s went through. "
            "The provider's next export will show it among your payments."
        )
        % {
            "amount": format_uah(payment.amount),
            "number": account.number,
            "provider": account.provider.short_name,
        },
        reverse("billing:dwelling", args=[payment.dwelling_id]),
    )
