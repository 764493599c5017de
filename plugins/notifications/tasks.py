"""Background work of the notifications plugin: e-mail, which may wait on a
slow mail server and so never runs inside a request."""

import logging
from datetime import timedelta
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.models import Site

from cms.core.retries import try_again_later
from plugins.notifications.language import recipient_language
from plugins.notifications.links import absolute
from plugins.notifications.models import Notice

logger = logging.getLogger(__name__)


#: Times a notice's e-mail is tried before it is given up.
ATTEMPTS = 3

#: The wait before another try, on a backend that can wait.
RETRY_AFTER = timedelta(minutes=5)


@task()
def send_notice_email(notice_id, attempt=1):
    """E-mail a recorded notice to its recipient's current address, once;
    returns whether a message went out. A mail server that fails is tried
    again, ATTEMPTS times in all; after that the notice waits for
    ``manage.py resend_notice_emails`` (plugins/notifications/resend.py)."""
    try:
        sent = send_claimed(notice_id)
    except (OSError, SMTPException) as error:
        retry(notice_id, attempt, error)
        return False
    return sent


#: The first key of the PostgreSQL advisory lock a notice is sent under
#: ("noti"); the second is the notice's id.
SENDING_LOCK = 0x6E6F_7469


def send_claimed(notice_id):
    """Send the notice under a lock of its own, and record when: a retry and
    a resend that reach it at once never both send it. The lock is not the
    row's, so the resident marking it read never waits on the mail server."""
    with transaction.atomic():
        if not claimed(notice_id):
            logger.info("notice %s: another worker is sending it", notice_id)
            return False
        notice = Notice.objects.select_related("recipient").filter(pk=notice_id).first()
        if notice is None or not notice.recipient.email:
            logger.warning("notice %s: nothing to e-mail", notice_id)
            return False
        if notice.emailed_at is not None:
            logger.info("notice %s: e-mailed already", notice_id)
            return False

        with translation.override(recipient_language(notice.recipient)):
            text = email_text(notice)
        send_mail(notice.subject, text, None, [notice.recipient.email])

        # TODO: a worker killed between the send and the commit sends the
        # notice again on its next run; the mail server would need a message
        # id to tell.
        Notice.objects.filter(pk=notice_id).update(emailed_at=timezone.now())
    logger.info("notice %s e-mailed to user %s", notice_id, notice.recipient_id)
    return True


def claimed(notice_id):
    """Take the notice's sending lock until the transaction ends, unless
    another worker holds it."""
    # The lock's keys are 32 bits: two notices 2**31 apart share one, and
    # one of them then waits for the next try.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(%s, %s)",
            [SENDING_LOCK, notice_id % 2**31],
        )
        return cursor.fetchone()[0]


def retry(notice_id, attempt, error):
    queued = try_again_later(
        send_notice_email,
        [notice_id],
        attempt,
        attempts=ATTEMPTS,
        after=RETRY_AFTER,
        error=error,
        what=f"notice {notice_id}: e-mail",
    )
    if not queued:
        logger.info("notice %s: resend_notice_emails tries it again", notice_id)


def email_text(notice):
    """The notice's text, its link as a full address, and where in the
    cabinet the reader finds it again."""
    parts = [notice.body]
    if notice.link:
        parts.append(_("More on the portal: %(url)s") % {"url": absolute(notice.link)})
    parts.append(
        _("This notice is also kept in your cabinet: %(url)s")
        % {"url": absolute(reverse("notifications:index"))}
    )
    parts.append(f"-- \n{site_name()}")
    return "\n\n".join(parts)


def site_name():
    """The name editors gave the default site, or the configured one."""
    site = Site.objects.filter(is_default_site=True).only("site_name").first()
    return (site and site.site_name) or settings.WAGTAIL_SITE_NAME
