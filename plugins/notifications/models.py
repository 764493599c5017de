"""What the portal told a user: a notice in the cabinet, also sent by e-mail."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plugins.notifications.links import validate_site_path


class Notice(models.Model):
    """A message to one user about something that happened to their affairs
    with the city (a step of a subsidy application, for one), with a link to
    the page where they can see it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    # A path on this site, never a full URL: the cabinet redirects to it.
    link = models.CharField(
        _("link"), max_length=500, blank=True, validators=[validate_site_path]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    #: When the e-mail went out: a retried task never sends it twice.
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"], name="notice_recipient_newest"
            ),
            # The header counts a user's unread notices on every page.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notice_unread",
            ),
        ]

    def __str__(self):
        return self.subject

    @property
    def is_read(self):
        return self.read_at is not None


def default_kinds():
    # Before a resident chooses, outages at their own address and new prices
    # of their own services reach them.
    return ["outage", "tariff_change"]


class Subscription(models.Model):
    """What news a user wants to be told of, and whether by e-mail too. A
    user who never chose has the defaults (``subscription_of``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="news_subscription",
    )
    kinds = ArrayField(
        models.CharField(max_length=20), default=default_kinds, blank=True
    )
    only_mine = models.BooleanField(
        _("only what concerns my dwellings"),
        default=True,
        help_text=_(
            "Outages at the addresses of your dwellings, and news of the "
            "providers of your accounts; news for the whole city always."
        ),
    )
    email = models.BooleanField(_("also by e-mail"), default=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")

    def __str__(self):
        return ", ".join(self.kinds)


class Told(models.Model):
    """That a user was told of one thing, named by ``topic`` ("bill:2026-11",
    "page:12", "tariff:7", "payment:3"): whatever sends it again, an import
    applied twice or a page published twice, tells nobody twice."""

    topic = models.CharField(max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["topic", "user"], name="told_once")
        ]

    def __str__(self):
        return f"{self.topic} → {self.user_id}"
