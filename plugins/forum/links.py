"""Where a topic and a post live in the forum."""

from django.urls import reverse


def topic_url(topic):
    forum = topic.forum
    return reverse(
        "forum_conversation:topic",
        kwargs={
            "forum_slug": forum.slug,
            "forum_pk": forum.pk,
            "slug": topic.slug,
            "pk": topic.pk,
        },
    )


def post_url(post):
    """The post on its topic's page: the page that holds it, scrolled to it."""
    return f"{topic_url(post.topic)}?post={post.pk}#{post.pk}"
