"""Sign-in e-mails (confirming an address, resetting a password) that a
failing mail server does not lose.

allauth sends them during the request. When the mail server refuses or is
away, the resident still sees the page that says the message is on its way,
and the message is queued to be tried again, ATTEMPTS times, RETRY_AFTER
apart where the task backend can wait.
"""

import logging
from datetime import timedelta
from smtplib import SMTPException

from django.core.mail import EmailMultiAlternatives
from django_tasks import task

from cms.core.retries import try_again_later

logger = logging.getLogger(__name__)

#: Tries of a queued message, the first failed one in the request included.
ATTEMPTS = 6

RETRY_AFTER = timedelta(minutes=5)

MAIL_ERRORS = (OSError, SMTPException)


def parts_of(message):
    """What a queued task needs to send ``message`` again: plain strings,
    so the queue can store them."""
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "alternatives": [[content, kind] for content, kind in message.alternatives],
        "content_subtype": message.content_subtype,
    }


def message_from(parts):
    message = EmailMultiAlternatives(
        parts["subject"], parts["body"], parts["from_email"], parts["to"]
    )
    message.content_subtype = parts["content_subtype"]
    for content, kind in parts["alternatives"]:
        message.attach_alternative(content, kind)
    return message


def send_or_queue(message, kind):
    """Send ``message`` now; if the mail server fails, queue it."""
    try:
        message.send()
    except MAIL_ERRORS as error:
        queue_retry(parts_of(message), kind, 1, error)


@task()
def send_account_email(parts, kind, attempt):
    try:
        message_from(parts).send()
    except MAIL_ERRORS as error:
        queue_retry(parts, kind, attempt, error)
        return False
    logger.info("%s e-mail sent on attempt %d", kind, attempt)
    return True


def queue_retry(parts, kind, attempt, error):
    try_again_later(
        send_account_email,
        [parts, kind],
        attempt,
        attempts=ATTEMPTS,
        after=RETRY_AFTER,
        error=error,
        what=f"{kind} e-mail",
    )
