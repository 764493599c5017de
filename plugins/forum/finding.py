"""Finding posts by their words, within the forums a reader may read.

The engine's own search runs on a search library whose database backend
ignores the engine's filter by forum: it found nothing at all, and would
have shown posts from closed forums. This one asks PostgreSQL directly.
Words are matched as typed; Ukrainian word forms come with the site-wide
search, which the forum registers with.
"""

from django.db.models import Q
from machina.apps.forum.models import Forum
from machina.apps.forum_conversation.models import Post
from machina.apps.forum_permission.handler import PermissionHandler

#: Longer queries are cut: a search box is not a place for essays.
MOST_WORDS = 8
LONGEST_WORD = 50


def words_of(query):
    return [word[:LONGEST_WORD] for word in query.split()[:MOST_WORDS]]


def readable_forums(user):
    return PermissionHandler().get_readable_forums(Forum.objects.all(), user)


def posts_matching(words, user):
    """Approved posts holding every word, in subject or text, newest first."""
    posts = Post.approved_objects.filter(
        topic__approved=True, topic__forum__in=readable_forums(user)
    )
    for word in words:
        posts = posts.filter(Q(subject__icontains=word) | Q(content__icontains=word))
    return posts.select_related("topic__forum", "poster").order_by("-created", "-pk")
