"""Forum posts in a resident's data export, and what closing their account
does in the forum: the posts stay, since replies quote and answer them, but
their author becomes the anonymous "Resident no. N" of the closed account;
the forum profile (signature, avatar) and topic subscriptions are deleted."""

from machina.core.db.models import get_model

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")
ForumProfile = get_model("forum_member", "ForumProfile")

#: The newest posts the export lists.
MAX_POSTS = 5000


def forum_data_of(user):
    """The export's "forum" section; one query."""
    posts = (
        Post.objects.filter(poster=user)
        .order_by("-created", "-pk")
        .values("topic__subject", "subject", "content", "created", "approved")
    )
    return {"posts": [post_row(row) for row in posts[:MAX_POSTS]]}


def post_row(row):
    return {
        "topic": row["topic__subject"],
        "subject": row["subject"],
        "text": row["content"],
        "created": row["created"],
        "approved": row["approved"],
    }


def erase_forum_profile_of(user):
    ForumProfile.objects.filter(user=user).delete()
    Topic.subscribers.through.objects.filter(user_id=user.pk).delete()
