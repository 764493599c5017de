from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentStatus(models.TextChoices):
    CREATED = "created", _("sent to the gateway")
    PAID = "paid", _("paid")
    FAILED = "failed", _("failed")
    REFUSED = "refused", _("refused by the bank")


class CallbackVerdict(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    DUPLICATE = "duplicate", _("duplicate")
    REFUSED = "refused", _("refused")
