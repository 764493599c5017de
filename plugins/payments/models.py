from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plugins.payments.choices import CallbackVerdict, PaymentStatus


class OnlinePayment(models.Model):
    """A resident's payment of one personal account through an online gateway,
    from the moment the portal sends them to the bank until the bank's signed
    callback says whether the money was taken. Paid here means paid at the
    bank; the provider confirms it in its next billing export."""

    order_id = models.CharField(_("order"), max_length=64, unique=True)
    dwelling = models.ForeignKey(
        "billing.Dwelling",
        verbose_name=_("dwelling"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    account = models.ForeignKey(
        "billing.PersonalAccount",
        verbose_name=_("personal account"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("payer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="UAH")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PaymentStatus.choices,
        default=PaymentStatus.CREATED,
    )
    gateway = models.CharField(_("gateway"), max_length=20)
    transaction_id = models.CharField(
        _("gateway transaction"), max_length=64, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("online payment")
        verbose_name_plural = _("online payments")
        constraints = [
            # A gateway's transaction is recorded once, whatever order it names.
            models.UniqueConstraint(
                fields=["gateway", "transaction_id"],
                condition=~models.Q(transaction_id=""),
                name="online_payment_unique_transaction",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="online_payment_positive"
            ),
        ]

    def __str__(self):
        return f"{self.order_id} {self.amount} {self.currency}"


class CallbackLog(models.Model):
    """One callback a gateway delivered, and what the portal made of it. It
    keeps the order named and the verdict, never card data, signatures or keys."""

    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    gateway = models.CharField(_("gateway"), max_length=20)
    order_id = models.CharField(_("order"), max_length=64, blank=True)
    gateway_status = models.CharField(_("gateway status"), max_length=30, blank=True)
    verdict = models.CharField(
        _("verdict"), max_length=20, choices=CallbackVerdict.choices
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("gateway callback")
        verbose_name_plural = _("gateway callbacks")
        indexes = [models.Index(fields=["order_id"])]

    def __str__(self):
        return f"{self.order_id or '-'} {self.verdict}"
