"""Residents of the forum; built here, never taken from the demo."""

import pytest
from django.contrib.auth import get_user_model
from machina.apps.forum_conversation.models import Post, Topic

from plugins.forum import services


def make_user(name, email):
    return get_user_model().objects.create_user(
        username=email, email=email, password="secret-pass", display_name=name
    )


@pytest.fixture
def olena(db):
    return make_user("Олена К.", "olena@example.test")


@pytest.fixture
def petro(db):
    return make_user("Петро С.", "petro@example.test")


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
