"""The notifications plugin's operations, for other plugins and its own views.

``recipient_language`` is re-exported for callers that fill placeholders.
"""

import logging

from django.db import transaction
from django.utils import timezone, translation

from plugins.notifications.language import recipient_language
from plugins.notifications.links import validate_site_path
from plugins.notifications.models import Notice
from plugins.notifications.tasks import send_notice_email

logger = logging.getLogger(__name__)

__all__ = [
    "mark_all_read",
    "mark_read",
    "notices_of",
    "notify",
    "recipient_language",
    "unread_count",
]

SUBJECT_LENGTH = Notice._meta.get_field("subject").max_length


def notify(user, subject, body, link=""):
    """Record a notice for ``user`` and, once it has committed, e-mail it to
    their address if they have one.

    ``subject`` and ``body`` may be lazy translations: they are rendered in the
    recipient's language. A caller that fills placeholders does so inside
    ``translation.override(recipient_language(user))``. ``link`` is a path on
    this site; a full URL raises ValidationError.
    """
    validate_site_path(link)

    with translation.override(recipient_language(user)):
        # An e-mail subject is one line.
        subject = " ".join(str(subject).split())[:SUBJECT_LENGTH]
        body = str(body)
    notice = Notice.objects.create(
        recipient=user, subject=subject, body=body, link=link
    )

    emailed = bool(user.email) and emails_wanted(user)
    logger.info(
        "notice %s recorded for user %s, e-mail %s",
        notice.pk,
        user.pk,
        "to follow" if emailed else "not wanted or no address",
    )

    if emailed:
        # Robust: what the notice came with has committed by then, and a
        # queue that is down must not turn it into an error; the notice
        # stays in the cabinet.
        transaction.on_commit(lambda: send_notice_email.enqueue(notice.pk), robust=True)
    return notice


def emails_wanted(user):
    """Whether the user keeps e-mail on: every notice stays in the cabinet."""
    from plugins.notifications.news import subscription_of

    return subscription_of(user).email


def notices_of(user):
    """The user's notices, newest first."""
    return Notice.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user):
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(notice):
    """Mark one notice read; reading it again keeps the first time."""
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(
            read_at=notice.read_at
        )
    return notice


def mark_read_leading_to(user, link):
    """Mark read the notices of ``user`` (a user or their id) that lead to
    ``link``: what they told of has been seen where it lives. Returns how many
    were unread."""
    return Notice.objects.filter(
        recipient=user, link=link, read_at__isnull=True
    ).update(read_at=timezone.now())


def mark_all_read(user):
    """Mark every unread notice of the user read; returns how many were."""
    count = Notice.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    logger.info("user %s marked %d notices read", user.pk, count)
    return count


def notify_once(user, topic, subject, body, link=""):
    """``notify`` unless ``user`` was told of ``topic`` already; whether they
    were now."""
    from django.db import IntegrityError

    from plugins.notifications.models import Told

    try:
        with transaction.atomic():
            Told.objects.create(topic=topic, user=user)
    except IntegrityError:
        return False
    with translation.override(recipient_language(user)):
        notify(user, subject, body, link)
    return True
