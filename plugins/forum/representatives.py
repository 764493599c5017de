"""Who speaks for a provider in the forum, and which questions they answered.

Both lookups take a whole page of posts or topics and cost one query, so a
topic list or a topic page reads the same number of rows whatever its length.
"""

import logging
from collections import defaultdict

from django.db.models import F
from machina.apps.forum_conversation.models import Post

from plugins.forum.models import Representative

logger = logging.getLogger(__name__)


def appoint(user, provider):
    """Make ``user`` a representative of ``provider``; appointing twice is one row."""
    representative, created = Representative.objects.get_or_create(
        user=user, provider=provider
    )
    if created:
        logger.info(
            "user %s now represents provider %s in the forum", user.pk, provider.pk
        )
    return representative


def providers_of(user_ids):
    """{user id: "Provider, Provider"} for those of ``user_ids`` who represent one."""
    rows = (
        Representative.objects.filter(user_id__in=set(user_ids))
        .order_by("provider__short_name")
        .values_list("user_id", "provider__short_name")
    )
    return _joined(rows)


def answered(topic_ids):
    """{topic id: "Provider, …"} for the topics a representative replied to.

    The opening post does not count: a representative who asks a question has
    not answered it.
    """
    rows = (
        Post.objects.filter(
            topic_id__in=set(topic_ids),
            approved=True,
            poster__forum_representations__isnull=False,
        )
        .exclude(pk=F("topic__first_post_id"))
        .order_by("poster__forum_representations__provider__short_name")
        .values_list("topic_id", "poster__forum_representations__provider__short_name")
        .distinct()
    )
    return _joined(rows)


def _joined(rows):
    names = defaultdict(list)
    for key, name in rows:
        if name not in names[key]:
            names[key].append(name)
    return {key: ", ".join(values) for key, values in names.items()}
