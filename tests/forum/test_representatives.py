"""A provider's representative answers: their posts carry the provider's name
and the question shows as answered in the forum's list of topics."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from machina.apps.forum_conversation.models import Post

from plugins.forum import representatives
from tests.forum.conftest import make_user, start_topic

WATER = "КП «Водоканал»"


@pytest.fixture
def water_forum(forums):
    return forums[WATER]


@pytest.fixture
def dispatcher(water_provider):
    user = make_user("Диспетчер водоканалу", "dispatcher@example.test")
    representatives.appoint(user, water_provider)
    return user


def reply(topic, poster, content):
    return Post.objects.create(
        topic=topic, poster=poster, subject=f"Re: {topic.subject}", content=content
    )


def topic_url(topic):
    forum = topic.forum
    return reverse(
        "forum_conversation:topic", args=[forum.slug, forum.pk, topic.slug, topic.pk]
    )


def forum_url(forum):
    return reverse("forum:forum", args=[forum.slug, forum.pk])


def badges(html):
    return re.findall(r'class="representative-badge[^"]*">([^<]*)<', html)


def answered_marks(html):
    return re.findall(r'class="badge badge-success ml-2 topic-answered">([^<]*)<', html)


def test_a_representatives_post_carries_the_providers_name(
    client, water_forum, olena, dispatcher
):
    topic, _ = start_topic(water_forum, olena, "Немає води на Шевченка")
    reply(topic, dispatcher, "Аварію усунемо до 18:00.")

    response = client.get(topic_url(topic))

    assert response.status_code == 200
    assert badges(response.text) == ["Представник КП «Водоканал»"]
    assert "Диспетчер водоканалу" in response.text


def test_a_residents_post_carries_no_badge(client, water_forum, olena, petro):
    topic, _ = start_topic(water_forum, olena, "Тиск у трубах")
    reply(topic, petro, "У нас теж.")

    assert badges(client.get(topic_url(topic)).text) == []


def test_a_question_a_representative_answered_shows_as_answered(
    client, water_forum, olena, petro, dispatcher
):
    answered, _ = start_topic(water_forum, olena, "Коли дадуть воду?")
    reply(answered, dispatcher, "Сьогодні о 18:00.")
    waiting, _ = start_topic(water_forum, petro, "Чому рахунок більший?")
    reply(waiting, olena, "Теж цікаво.")

    response = client.get(forum_url(water_forum))

    assert answered_marks(response.text) == ["Відповідь: КП «Водоканал»"]
    row = response.text.split("Коли дадуть воду?")[1].split("topic-created")[0]
    assert "topic-answered" in row


def test_a_question_a_representative_asked_is_not_answered(
    client, water_forum, dispatcher
):
    start_topic(water_forum, dispatcher, "Графік подачі води на тиждень")

    assert answered_marks(client.get(forum_url(water_forum)).text) == []


def test_a_representative_who_leaves_stops_answering(
    client, water_forum, olena, dispatcher
):
    topic, _ = start_topic(water_forum, olena, "Лічильник")
    reply(topic, dispatcher, "Повірку зробимо безкоштовно.")
    dispatcher.forum_representations.all().delete()

    assert answered_marks(client.get(forum_url(water_forum)).text) == []
    assert badges(client.get(topic_url(topic)).text) == []


def test_a_post_shows_the_display_name_never_the_email(client, water_forum):
    nameless = get_user_model().objects.create_user(
        username="quiet@example.test", email="quiet@example.test", password="x"
    )
    topic, _ = start_topic(water_forum, nameless, "Без імені")

    html = client.get(topic_url(topic)).text + client.get(forum_url(water_forum)).text

    assert "quiet@example.test" not in html
    assert f"Мешканець № {nameless.pk}" in html


def test_the_topic_page_reads_the_same_rows_for_a_longer_topic(
    client, water_forum, olena, petro, dispatcher
):
    topic, _ = start_topic(water_forum, olena, "Довга розмова")
    reply(topic, dispatcher, "Перша відповідь")
    client.get(topic_url(topic))
    with CaptureQueriesContext(connection) as short:
        client.get(topic_url(topic))
    for number in range(8):
        reply(topic, petro if number % 2 else dispatcher, f"Допис {number}")
    with CaptureQueriesContext(connection) as long:
        client.get(topic_url(topic))

    assert len(long) == len(short)


def test_the_forum_page_reads_the_same_rows_for_more_topics(
    client, water_forum, olena, dispatcher
):
    first, _ = start_topic(water_forum, olena, "Тема 0")
    reply(first, dispatcher, "Відповідь")
    client.get(forum_url(water_forum))
    with CaptureQueriesContext(connection) as few:
        client.get(forum_url(water_forum))
    for number in range(1, 9):
        topic, _ = start_topic(water_forum, olena, f"Тема {number}")
        reply(topic, dispatcher, "Відповідь")
    with CaptureQueriesContext(connection) as many:
        client.get(forum_url(water_forum))

    assert len(many) == len(few)
