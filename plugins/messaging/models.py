from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

BODY_MAX_LENGTH = 4000


class Conversation(models.Model):
    """A private thread between two residents; ``updated_at`` is the time of
    its latest message, so the inbox sorts and marks unread threads by it."""

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last message"), db_index=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [models.Index(fields=["started_by", "created_at"])]

    def __str__(self):
        return f"#{self.pk}"


class Participant(models.Model):
    """One of the two people in a conversation and how far they have read it."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conversation_seats",
    )
    # Empty until the participant opens the conversation for the first time.
    last_read_at = models.DateTimeField(_("last read"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], name="one_seat_per_conversation"
            )
        ]

    def __str__(self):
        return f"{self.conversation_id}:{self.user_id}"


class Message(models.Model):
    """What one participant wrote to the other."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("sender"),
    )
    body = models.TextField(_("message"), max_length=BODY_MAX_LENGTH)
    created_at = models.DateTimeField(_("sent"), db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"#{self.pk}"


class Block(models.Model):
    """A resident refuses messages from another; nothing passes either way."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once")
        ]

    def __str__(self):
        return f"{self.blocker_id} → {self.blocked_id}"


class Report(models.Model):
    """A recipient's complaint about a message, for the moderators: the only
    way a moderator ever sees a private message."""

    message = models.ForeignKey(
        Message,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("message"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.TextField(_("reason"), max_length=1000)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["message", "reporter"], name="report_a_message_once"
            )
        ]

    def __str__(self):
        return f"#{self.pk}"


class Preference(models.Model):
    """How a resident wants to hear of new private messages."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="messaging_preference",
    )
    email_on_message = models.BooleanField(
        _("e-mail me about new messages"), default=True
    )

    class Meta:
        verbose_name = _("messaging preference")
        verbose_name_plural = _("messaging preferences")

    def __str__(self):
        return str(self.user_id)
