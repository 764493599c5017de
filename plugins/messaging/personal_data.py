"""Private messages in a resident's data export, and what closing their
account erases: the messages they wrote, their blocks, reports and
preference. Their seat in each conversation stays, naming only the
anonymous closed account, so the other person keeps the conversation and
what they wrote themself, and can no longer write to it."""

from django.db.models import Q

from plugins.messaging.models import Block, Message, Participant, Preference, Report

#: The newest messages the export lists; older ones are only counted.
MAX_MESSAGES = 5000


def messages_data_of(user):
    """The export's "private_messages" section: the user's own conversations
    with everything sent and received in them; three queries."""
    seats = Participant.objects.filter(user=user).values("conversation_id")
    others = {
        seat.conversation_id: str(seat.user.public_name())
        for seat in Participant.objects.filter(conversation_id__in=seats)
        .exclude(user=user)
        .select_related("user")
    }
    messages = Message.objects.filter(conversation_id__in=seats).order_by(
        "-created_at", "-pk"
    )
    listed = list(
        messages.values("conversation_id", "sender_id", "body", "created_at")[
            :MAX_MESSAGES
        ]
    )
    return {
        "total": len(listed) if len(listed) < MAX_MESSAGES else messages.count(),
        "messages": [message_row(row, user, others) for row in listed],
    }


def message_row(row, user, others):
    return {
        "conversation": row["conversation_id"],
        "with": others.get(row["conversation_id"], ""),
        "sent_by_you": row["sender_id"] == user.pk,
        "text": row["body"],
        "sent_at": row["created_at"],
    }


def erase_messages_of(user):
    Message.objects.filter(sender=user).delete()
    Block.objects.filter(Q(blocker=user) | Q(blocked=user)).delete()
    Report.objects.filter(reporter=user).delete()
    Preference.objects.filter(user=user).delete()
