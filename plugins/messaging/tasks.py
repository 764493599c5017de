"""Background e-mail of the messaging plugin, used when the notifications
plugin is switched off: a slow mail server never holds up a request."""

import logging
from datetime import timedelta
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from cms.core.retries import try_again_later
from plugins.messaging.models import Message

logger = logging.getLogger(__name__)

#: Times the e-mail is tried, RETRY_AFTER apart on a backend that can wait.
ATTEMPTS = 3
RETRY_AFTER = timedelta(minutes=5)


@task()
def send_new_message_email(message_id, attempt=1):
    """Tell the recipient of a message that it came; returns whether sent. A
    mail server that fails is tried again, ATTEMPTS times in all."""
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
    try:
        send_mail(
            _("New private message from %(name)s") % {"name": name},
            _("%(name)s wrote to you on the portal. Read and answer here: %(url)s")
            % {"name": name, "url": link},
            None,
            [recipient.email],
        )
    except (OSError, SMTPException) as error:
        retry(message_id, attempt, error)
        return False
    logger.info("message %s announced to user %s", message_id, recipient.pk)
    return True


def retry(message_id, attempt, error):
    # TODO: nothing records that this e-mail went out, so no sweep can bring
    # it back after the last attempt as resend_notice_emails does for notices;
    # the message itself waits in the recipient's inbox.
    try_again_later(
        send_new_message_email,
        [message_id],
        attempt,
        attempts=ATTEMPTS,
        after=RETRY_AFTER,
        error=error,
        what=f"message {message_id}: e-mail",
    )
