"""The city's forums and their topics, built here, never taken from the demo."""

import pytest
from machina.apps.forum_conversation.models import Post, Topic

from plugins.forum import services
from tests.conftest import make_user  # noqa: F401 -- the suite's residents


@pytest.fixture
def forums(water_provider):
    """The city's forums as the seed makes them, around one water provider."""
    return services.seed_forums()


def start_topic(forum, poster, subject):
    """A topic with its opening post, as a resident's new topic is stored."""
    topic = Topic.objects.create(
        forum=forum,
        poster=poster,
        subject=subject,
        type=Topic.TOPIC_POST,
        status=Topic.TOPIC_UNLOCKED,
    )
    post = Post.objects.create(
        topic=topic, poster=poster, subject=subject, content="Коли дадуть воду?"
    )
    return topic, post
