"""The messaging plugin's operations: starting a conversation, replying,
reading, blocking and reporting. Views call these; other plugins may too."""

import logging
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Left
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.users.display_names import normalised
from plugins.messaging.models import (
    Block,
    Conversation,
    Message,
    Participant,
    Preference,
    Report,
)

logger = logging.getLogger(__name__)

PREVIEW_LENGTH = 80


class RefusedError(Exception):
    """A message that may not be sent; ``reason`` says why, for the sender."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class BlockedError(RefusedError):
    pass


class RateLimitedError(RefusedError):
    pass


def find_by_display_name(name):
    """The active user with this display name, in any letter case, or None."""
    name = normalised(name)
    if not name:
        return None
    return (
        get_user_model()
        .objects.filter(display_name__iexact=name, is_active=True)
        .first()
    )


def is_blocked_between(one, other):
    """Whether either of the two has blocked the other."""
    return Block.objects.filter(
        Q(blocker=one, blocked=other) | Q(blocker=other, blocked=one)
    ).exists()


def has_blocked(blocker, blocked):
    return Block.objects.filter(blocker=blocker, blocked=blocked).exists()


def new_conversations_per_hour():
    return settings.MESSAGING_NEW_CONVERSATIONS_PER_HOUR


# Why count stored conversations rather than keep a cache counter: every
# started conversation is a row already, so the limit is one indexed count,
# exact across app servers and restarts, with nothing to expire.
def started_in_last_hour(user):
    since = timezone.now() - timedelta(hours=1)
    return Conversation.objects.filter(started_by=user, created_at__gte=since).count()


def conversation_between(one, other):
    """Their conversation, if they have one already."""
    return (
        Conversation.objects.filter(participants__user=one)
        .filter(participants__user=other)
        .first()
    )


def start_conversation(sender, recipient, body):
    """Write ``body`` to ``recipient``: into the conversation the two already
    have, or a new one, which counts against the sender's hourly limit.

    Raises BlockedError or RateLimitedError, storing nothing."""
    if recipient == sender:
        raise RefusedError(_("You cannot write to yourself."))
    if is_blocked_between(sender, recipient):
        raise BlockedError(blocked_reason(sender, recipient))

    existing = conversation_between(sender, recipient)
    if existing is not None:
        return post(existing, sender, body)

    with transaction.atomic():
        # Requests sent at once would all count below the limit; holding the
        # sender's row makes each count wait for the one before to be written.
        get_user_model().objects.select_for_update().filter(pk=sender.pk).exists()
        refuse_over_the_limit(sender)
        now = timezone.now()
        conversation = Conversation.objects.create(started_by=sender, updated_at=now)
        Participant.objects.bulk_create(
            [
                Participant(conversation=conversation, user=sender, last_read_at=now),
                Participant(conversation=conversation, user=recipient),
            ]
        )
        message = store(conversation, sender, body, now)

    logger.info(
        "user %s started conversation %s with user %s",
        sender.pk,
        conversation.pk,
        recipient.pk,
    )
    tell_recipient(message, recipient)
    return message


def refuse_over_the_limit(sender):
    most = new_conversations_per_hour()
    if started_in_last_hour(sender) >= most:
        logger.info("user %s reached the new conversation limit", sender.pk)
        raise RateLimitedError(
            _(
                "You may start at most %(most)d new conversations an hour. "
                "Please wait or continue one you have."
            )
            % {"most": most}
        )


def post(conversation, sender, body):
    """Add the sender's reply to a conversation they take part in.

    Raises BlockedError, storing nothing, when either has blocked the other,
    and RefusedError when the other has closed their account."""
    recipient = other_participant(conversation, sender)
    if not recipient.is_active:
        raise RefusedError(_("This account is closed; nobody reads it."))
    if is_blocked_between(sender, recipient):
        raise BlockedError(blocked_reason(sender, recipient))

    with transaction.atomic():
        now = timezone.now()
        message = store(conversation, sender, body, now)
        Conversation.objects.filter(pk=conversation.pk).update(updated_at=now)
        # Their own message is no news to the sender.
        Participant.objects.filter(conversation=conversation, user=sender).update(
            last_read_at=now
        )

    logger.info("message %s posted to conversation %s", message.pk, conversation.pk)
    tell_recipient(message, recipient)
    return message


def store(conversation, sender, body, now):
    return Message.objects.create(
        conversation=conversation, sender=sender, body=body, created_at=now
    )


def blocked_reason(sender, recipient):
    if has_blocked(sender, recipient):
        return _("You have blocked this person; unblock them to write.")
    return _("This person does not accept your messages.")


def other_participant(conversation, user):
    seat = (
        Participant.objects.filter(conversation=conversation)
        .exclude(user=user)
        .select_related("user")
        .get()
    )
    return seat.user


def wants_email(user):
    preference = Preference.objects.filter(user=user).first()
    return preference is None or preference.email_on_message


def set_email_preference(user, on):
    Preference.objects.update_or_create(user=user, defaults={"email_on_message": on})
    logger.info("user %s turned message e-mails %s", user.pk, "on" if on else "off")


def tell_recipient(message, recipient):
    """E-mail the recipient that a message came, unless they switched it off.

    With the notifications plugin the notice also lands in their notice list
    and is sent in their language; without it, a task sends the e-mail alone.
    Neither carries the message itself: it stays behind the login.
    """
    if not recipient.email or not wants_email(recipient):
        return
    if apps.is_installed("plugins.notifications"):
        from plugins.messaging.emails import notify_new_message

        notify_new_message(message, recipient)
    else:
        from plugins.messaging.tasks import send_new_message_email

        transaction.on_commit(lambda: send_new_message_email.enqueue(message.pk))


def seat_of(user, conversation_id):
    """The user's seat in the conversation, or None if they are not in it."""
    return (
        Participant.objects.filter(user=user, conversation_id=conversation_id)
        .select_related("conversation")
        .first()
    )


def mark_read(seat):
    """The participant has now seen everything in the conversation, and the
    notices that told them of its messages are read too."""
    if seat.last_read_at is None or seat.last_read_at < seat.conversation.updated_at:
        seat.last_read_at = seat.conversation.updated_at
        Participant.objects.filter(pk=seat.pk).update(last_read_at=seat.last_read_at)
        if apps.is_installed("plugins.notifications"):
            from plugins.messaging.emails import conversation_path
            from plugins.notifications.services import mark_read_leading_to

            mark_read_leading_to(seat.user_id, conversation_path(seat.conversation_id))


def unread_filter():
    """Seats whose conversation has a message after their last reading."""
    return Q(last_read_at__isnull=True) | Q(
        conversation__updated_at__gt=F("last_read_at")
    )


def unread_count(user):
    """How many of the user's conversations hold unread messages: one query."""
    return Participant.objects.filter(user=user).filter(unread_filter()).count()


def inbox_of(user):
    """The user's seats, newest conversation first, each with the other
    person's display name, the start of the last message and whether unread."""
    others = Participant.objects.filter(conversation=OuterRef("conversation")).exclude(
        user=user
    )
    last = Message.objects.filter(conversation=OuterRef("conversation")).order_by(
        "-created_at", "-pk"
    )
    return (
        Participant.objects.filter(user=user)
        .select_related("conversation")
        .annotate(
            other_name=Subquery(others.values("user__display_name")[:1]),
            preview=Subquery(
                last.annotate(start=Left("body", PREVIEW_LENGTH)).values("start")[:1]
            ),
        )
        .order_by("-conversation__updated_at", "-pk")
    )


def messages_of(conversation):
    return conversation.messages.select_related("sender").order_by("created_at", "pk")


def block(blocker, blocked):
    Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    logger.info("user %s blocked user %s", blocker.pk, blocked.pk)


def unblock(blocker, blocked):
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    logger.info("user %s unblocked user %s", blocker.pk, blocked.pk)


def report(message, reporter, reason):
    """The reporter hands one message they received to the moderators."""
    report, created = Report.objects.get_or_create(
        message=message, reporter=reporter, defaults={"reason": reason}
    )
    if created:
        logger.info("message %s reported as report %s", message.pk, report.pk)
    return report


def reported_messages():
    """Reports for the moderators, open ones first: the only messages they see."""
    return Report.objects.select_related("message__sender", "reporter").order_by(
        "handled", "-created_at", "-pk"
    )


def mark_handled(report, moderator):
    Report.objects.filter(pk=report.pk).update(handled=True)
    logger.info("report %s handled by user %s", report.pk, moderator.pk)
