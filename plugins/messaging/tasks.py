"""Background e-mail of the messaging plugin, used when the notifications
plugin is switched off: a slow mail server never holds up a request."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from plugins.messaging.models import Message

logger = logging.getLogger(__name__)


@task()
def send_new_message_email(message_id):
    """Tell the recipient of a message that it came; returns whether sent."""
    message = (
        Message.objects.select_related("sender", "conversation")
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        logger.warning("message %s: nothing to e-mail", message_id)
        return False

    seat = message.conversation.participants.exclude(user=message.sender_id).first()
    recipient = seat and seat.user
    if recipient is None or not recipient.email:
        return False

    name = message.sender.display_name or ""
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "messaging:conversation", args=[message.conversation_id]
    )
    send_mail(
        _("New private message from %(name)s") % {"name": name},
        _("%(name)s wrote to you on the portal. Read and answer here: %(url)s")
        % {"name": name, "url": link},
        None,
        [recipient.email],
    )
    logger.info("message %s announced to user %s", message_id, recipient.pk)
    return True
