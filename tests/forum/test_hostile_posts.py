"""Hostile markup posted through the forum's own pages is shown as text.

Each test posts as a resident would, through the engine's views, and reads
the pages other residents open: nothing in them may run or act.
"""

import pytest
from django.urls import reverse
from machina.apps.forum_conversation.models import Post, Topic
from machina.apps.forum_member.models import ForumProfile

from plugins.forum.services import CITY_TOPICS
from tests.security.hostile_html import HOSTILE_MARKDOWN, active_markup

pytestmark = pytest.mark.django_db

HOSTILE_SUBJECT = "<script>alert('subject')</script>"


def create_topic(client, forum, content, **extra):
    url = reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk])
    return client.post(url, {"subject": HOSTILE_SUBJECT, "content": content, **extra})


def topic_page(client, topic):
    return client.get(
        reverse(
            "forum_conversation:topic",
            args=[topic.forum.slug, topic.forum.pk, topic.slug, topic.pk],
        )
    )


def test_a_hostile_new_topic_is_shown_inert_to_the_next_reader(
    client, forums, olena, petro
):
    client.force_login(olena)
    created = create_topic(client, forums[CITY_TOPICS], HOSTILE_MARKDOWN)
    topic = Topic.objects.get()
    client.force_login(petro)

    page = topic_page(client, topic)
    listing = client.get(
        reverse("forum:forum", args=[forums[CITY_TOPICS].slug, forums[CITY_TOPICS].pk])
    )

    assert created.status_code == 302
    assert page.status_code == 200
    assert active_markup(page.text) == []
    assert active_markup(listing.text) == []
    # The resident's words are there, as text.
    assert "&lt;script&gt;alert(&#x27;subject&#x27;)" in page.text
    assert "&lt;svg onload=alert('s5')&gt;" in page.text


def test_a_hostile_preview_is_inert_too(client, forums, olena):
    client.force_login(olena)

    preview = create_topic(client, forums[CITY_TOPICS], HOSTILE_MARKDOWN, preview="1")

    assert preview.status_code == 200
    assert active_markup(preview.text) == []
    assert not Topic.objects.exists()


def test_a_hostile_reply_is_inert(client, forums, olena, petro):
    client.force_login(olena)
    create_topic(client, forums[CITY_TOPICS], "Коли дадуть воду?")
    topic = Topic.objects.get()
    client.force_login(petro)

    replied = client.post(
        reverse(
            "forum_conversation:post_create",
            args=[topic.forum.slug, topic.forum.pk, topic.slug, topic.pk],
        ),
        {"subject": "Re", "content": HOSTILE_MARKDOWN},
    )
    page = topic_page(client, topic)

    assert replied.status_code == 302
    assert Post.objects.filter(poster=petro).exists()
    assert active_markup(page.text) == []


def test_a_hostile_signature_and_name_are_inert_beside_each_post(
    client, forums, olena, petro
):
    olena.display_name = "<img src=x onerror=alert('name')>"
    olena.save()
    ForumProfile.objects.update_or_create(
        user=olena, defaults={"signature": HOSTILE_MARKDOWN}
    )
    client.force_login(olena)
    create_topic(
        client, forums[CITY_TOPICS], "Коли дадуть воду?", enable_signature="on"
    )
    topic = Topic.objects.get()
    client.force_login(petro)

    page = topic_page(client, topic)

    assert "post-signature" in page.text
    assert active_markup(page.text) == []
    assert "&lt;img src=x onerror=alert(&#x27;name&#x27;)&gt;" in page.text
