from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.directory.models import Provider


class Representative(models.Model):
    """A provider's employee who answers residents in the forum on its behalf.

    Their posts carry the provider's name, and a question they answer shows as
    answered. The forum keeps its own list rather than reading the billing
    plugin's staff: answering in public is a separate duty, given on purpose,
    and the forum works without billing.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="forum_representations",
    )
    provider = models.ForeignKey(
        Provider,
        verbose_name=_("provider"),
        on_delete=models.CASCADE,
        related_name="forum_representatives",
    )
    since = models.DateTimeField(_("appointed"), auto_now_add=True)

    class Meta:
        verbose_name = _("provider representative")
        verbose_name_plural = _("provider representatives")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "provider"], name="represent_a_provider_once"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.provider.short_name}"


class PostReport(models.Model):
    """A reader's complaint about a forum post, waiting for the moderators."""

    post = models.ForeignKey(
        "forum_conversation.Post",
        on_delete=models.CASCADE,
        related_name="portal_reports",
        verbose_name=_("post"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.TextField(_("reason"), max_length=1000)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        verbose_name = _("post report")
        verbose_name_plural = _("post reports")
        ordering = ["handled_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"], name="report_a_post_once"
            )
        ]

    def __str__(self):
        return f"{self.post_id} ({self.reporter_id})"

    @property
    def handled(self):
        return self.handled_at is not None
