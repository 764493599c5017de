"""Notices whose e-mail has not gone out yet, queued again: a mail server
that was down longer than a task's own retries loses no notice.

``manage.py resend_notice_emails`` runs this from the machine's scheduler
(docs/operations.md). A notice is due once its own task has had time for all
its tries, and until it is RESEND_WITHIN old: an older one tells of something
stale, and stays in the cabinet. Whoever has no address, turned e-mail off or
closed the account since is left out. The task sends each notice once,
whatever queued it (plugins/notifications/tasks.py).
"""

import logging
from datetime import timedelta

from django.utils import timezone

from plugins.notifications.models import Notice
from plugins.notifications.tasks import ATTEMPTS, RETRY_AFTER, send_notice_email

logger = logging.getLogger(__name__)

#: The notice's own task tries for (ATTEMPTS - 1) × RETRY_AFTER; a busy queue
#: may hold it back a while longer before its last try.
RESEND_AFTER = RETRY_AFTER * ATTEMPTS + timedelta(minutes=15)

#: Older notices are not e-mailed any more.
RESEND_WITHIN = timedelta(days=3)


def due_notices(now=None):
    """Notices not yet e-mailed that the recipient still wants by e-mail."""
    now = now or timezone.now()
    return (
        Notice.objects.filter(
            emailed_at__isnull=True,
            created_at__lte=now - RESEND_AFTER,
            created_at__gt=now - RESEND_WITHIN,
            recipient__is_active=True,
        )
        .exclude(recipient__email="")
        .exclude(recipient__news_subscription__email=False)
        .order_by("created_at", "pk")
    )


def resend_unsent(now=None):
    """Queue one last try of each due notice; returns how many were queued."""
    ids = list(due_notices(now).values_list("pk", flat=True))
    for notice_id in ids:
        # One try per sweep: the next sweep is the notice's next retry.
        send_notice_email.enqueue(notice_id, ATTEMPTS)
    logger.info("%d notices queued again for e-mail", len(ids))
    return len(ids)
