"""The forum's topics and posts in the site-wide search.

Only what a visitor who has not signed in may read is found: approved topics
and posts in forums open to visitors. A forum closed to them never reaches the
index, even for residents who may read it.
"""

from django.db.models import F
from django.utils.translation import gettext_lazy as _
from machina.apps.forum.models import Forum
from machina.apps.forum_conversation.models import Post, Topic
from machina.apps.forum_permission.models import UserForumPermission

from plugins.forum import services
from plugins.forum.links import post_url, topic_url
from plugins.forum.markup import plain_text
from search import registry
from search.registry import SearchDocument, Trigger

TOPIC = "forum_topic"
POST = "forum_post"

# A forum's place in the tree decides who may read it; its counters do not.
MOVED = ("parent_id",)


def register_search():
    registry.register(
        Topic,
        key=TOPIC,
        label=_("Forum topic"),
        weights={"title": "A", "body": "B"},
        visible=visible_topics,
        document=topic_document,
        related=("forum", "first_post"),
        triggers=(
            # The first post is the topic's text; its approval is the topic's.
            Trigger(Post, stale=lambda post: [post.topic_id]),
            Trigger(Forum, stale=lambda forum: _topics_under(forum.pk), fields=MOVED),
            Trigger(UserForumPermission, stale=_topics_under_permission),
        ),
    )
    registry.register(
        Post,
        key=POST,
        label=_("Reply in the forum"),
        weights={"title": "B", "body": "B"},
        visible=visible_posts,
        document=post_document,
        related=("topic", "topic__forum"),
        triggers=(
            # The engine saves the topic and its forum after every reply to
            # count it: only a change of what a post shows or where it stands
            # concerns the posts.
            Trigger(
                Topic,
                stale=lambda topic: _posts_in(topic=topic),
                fields=("subject", "approved", "forum_id", "first_post_id"),
            ),
            Trigger(Forum, stale=lambda forum: _posts_under(forum.pk), fields=MOVED),
            Trigger(UserForumPermission, stale=_posts_under_permission),
        ),
    )


def visible_topics():
    return Topic.objects.filter(
        approved=True, forum_id__in=services.forums_visitors_read()
    )


def visible_posts():
    """The replies anyone may read: an opening post is its topic's text, and
    is found as the topic rather than twice."""
    return Post.objects.filter(
        approved=True,
        topic__approved=True,
        topic__forum_id__in=services.forums_visitors_read(),
    ).exclude(pk=F("topic__first_post_id"))


def topic_document(topic):
    first_post = topic.first_post
    return SearchDocument(
        type=TOPIC,
        pk=topic.pk,
        title=topic.subject,
        body=plain_text(first_post.content.rendered) if first_post else "",
        url=topic_url(topic),
        date=topic.created,
    )


def post_document(post):
    return SearchDocument(
        type=POST,
        pk=post.pk,
        title=post.topic.subject,
        body=plain_text(post.content.rendered),
        url=post_url(post),
        date=post.created,
    )


def _forum_and_below(forum_pk):
    # Opening or closing a forum, or moving it, reaches every forum under it.
    return Forum.objects.get_queryset_descendants(
        Forum.objects.filter(pk=forum_pk), include_self=True
    )


def _topics_under(forum_pk):
    forums = _forum_and_below(forum_pk)
    return Topic.objects.filter(forum__in=forums).values_list("pk", flat=True)


def _posts_in(**lookup):
    return Post.objects.filter(**lookup).values_list("pk", flat=True)


def _posts_under(forum_pk):
    return _posts_in(topic__forum__in=_forum_and_below(forum_pk))


def _topics_under_permission(permission):
    # A grant for all forums (no forum) may open or close any of them.
    if permission.forum_id is None:
        return None
    return _topics_under(permission.forum_id)


def _posts_under_permission(permission):
    if permission.forum_id is None:
        return None
    return _posts_under(permission.forum_id)
