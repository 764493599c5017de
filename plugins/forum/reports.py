"""Readers' complaints about forum posts and the moderators' answer to them."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from plugins.forum.models import PostReport

logger = logging.getLogger(__name__)


class ReportRefusedError(Exception):
    """Why a report was not taken, in words for the reader."""


def report(post, reporter, reason):
    """Hand ``post`` to the moderators with the reader's reason.

    A reader reports their own post to nobody, reports a post once, and only
    so many posts a day, so reports stay something moderators read.
    """
    if post.poster_id == reporter.pk:
        raise ReportRefusedError("own")

    try:
        with transaction.atomic():
            # Reports sent at once would all count below the limit; holding
            # the reader's row makes each count wait for the one before.
            get_user_model().objects.select_for_update().filter(pk=reporter.pk).exists()
            if _reported_today(reporter) >= settings.FORUM_REPORTS_PER_DAY:
                raise ReportRefusedError("limit")
            created = PostReport.objects.create(
                post=post, reporter=reporter, reason=reason
            )
    except IntegrityError:
        raise ReportRefusedError("twice") from None
    logger.info("forum post %s reported as report %s", post.pk, created.pk)
    return created


def _reported_today(reporter):
    since = timezone.now() - timedelta(days=1)
    return PostReport.objects.filter(reporter=reporter, created_at__gte=since).count()


def for_moderators():
    """Every report, open ones first, with what the list shows in one query."""
    return PostReport.objects.select_related(
        "post__topic__forum", "post__poster", "handled_by"
    ).order_by(F("handled_at").asc(nulls_first=True), "-created_at", "-pk")


def mark_handled(report, moderator):
    """Close a report; closing it again keeps who closed it first."""
    closed = PostReport.objects.filter(pk=report.pk, handled_at__isnull=True).update(
        handled_by=moderator, handled_at=timezone.now()
    )
    if closed:
        logger.info("forum report %s handled by user %s", report.pk, moderator.pk)
    return bool(closed)
