"""The forum's topics and posts as the site-wide search reads them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from machina.apps.forum.models import Forum
from machina.apps.forum_conversation.models import Post, Topic
from machina.apps.forum_permission.models import ForumPermission, UserForumPermission

from plugins.forum import services
from plugins.forum.search import POST, TOPIC
from search import registry

CONTENT = (
    "Тиск **низький** з ранку.\n\n"
    "<script>alert('вкрадено')</script> Коли <b>полагодять</b>?"
)


@pytest.fixture
def forums(water_provider):
    return services.seed_forums()


@pytest.fixture
def city(forums):
    return forums[services.CITY_TOPICS]


@pytest.fixture
def closed(forums):
    """A forum residents read once signed in; visitors see nothing of it."""
    forum = Forum.objects.create(name="Ради будинків", type=Forum.FORUM_POST)
    read = ForumPermission.objects.get(codename="can_read_forum")
    UserForumPermission.objects.create(
        permission=read, forum=forum, authenticated_user=True, has_perm=True
    )
    return forum


def start_topic(forum, poster, subject, content=CONTENT):
    topic = Topic.objects.create(
        forum=forum,
        poster=poster,
        subject=subject,
        type=Topic.TOPIC_POST,
        status=Topic.TOPIC_UNLOCKED,
    )
    Post.objects.create(topic=topic, poster=poster, subject=subject, content=content)
    topic.refresh_from_db()
    return topic


def reply(topic, poster, content="Дякую, вже є.", approved=True):
    return Post.objects.create(
        topic=topic,
        poster=poster,
        subject=f"Re: {topic.subject}",
        content=content,
        approved=approved,
    )


def docs(model, pks=None):
    return list(registry.documents(registry.for_model(model), pks))


def topic_url(topic):
    return reverse(
        "forum_conversation:topic",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum.pk,
            "slug": topic.slug,
            "pk": topic.pk,
        },
    )


def test_topics_and_posts_are_registered():
    assert registry.for_model(Topic).key == TOPIC
    assert registry.for_model(Post).key == POST
    assert registry.for_model(Topic).weights["title"] == "A"


def test_a_topic_in_a_public_forum_reads_as_its_subject_and_plain_text(city, olena):
    topic = start_topic(city, olena, "Немає тиску на Дніпровській")

    [document] = docs(Topic)

    assert document.title == "Немає тиску на Дніпровській"
    assert document.body.startswith("Тиск низький з ранку.")
    assert document.body.endswith("Коли полагодять?")
    assert "<" not in document.body and "&" not in document.body
    assert "вкрадено" not in document.body
    assert document.url == topic_url(topic)
    assert document.pk == topic.pk and document.type == TOPIC


def test_a_post_leads_to_its_place_in_the_topic(city, olena, petro):
    topic = start_topic(city, olena, "Сміття у дворі")
    answer = reply(topic, petro, "Вивезуть у **четвер**.")

    documents = {document.pk: document for document in docs(Post)}

    assert documents[answer.pk].title == "Сміття у дворі"
    assert documents[answer.pk].body == "Вивезуть у четвер."
    assert documents[answer.pk].url == (
        f"{topic_url(topic)}?post={answer.pk}#{answer.pk}"
    )


def test_an_unapproved_post_yields_nothing(city, olena, petro):
    topic = start_topic(city, olena, "Ліфт")
    waiting = reply(topic, petro, "Реклама", approved=False)

    assert waiting.pk not in {document.pk for document in docs(Post)}
    assert docs(Post, pks=[waiting.pk]) == []


def test_an_unapproved_topic_yields_nothing(city, olena):
    topic = start_topic(city, olena, "Ліфт")
    topic.first_post.approved = False
    topic.first_post.save()

    assert docs(Topic) == []
    assert docs(Post) == []


def test_a_forum_closed_to_visitors_yields_nothing(closed, olena):
    start_topic(closed, olena, "Збори співвласників")

    assert docs(Topic) == []
    assert docs(Post) == []


def test_a_forum_under_a_closed_category_yields_nothing(forums, closed, olena):
    below = Forum.objects.create(
        name="Будинок 12", type=Forum.FORUM_POST, parent=closed
    )
    read = ForumPermission.objects.get(codename="can_read_forum")
    UserForumPermission.objects.create(
        permission=read, forum=below, anonymous_user=True, has_perm=True
    )
    start_topic(below, olena, "Підвал")

    assert docs(Topic) == []


def test_closing_a_forum_to_visitors_hides_it_and_marks_its_posts_stale(city, olena):
    topic = start_topic(city, olena, "Світло на Шевченка")
    grant = UserForumPermission.objects.get(
        forum=city, anonymous_user=True, permission__codename="can_read_forum"
    )
    grant.has_perm = False
    grant.save()

    trigger = next(
        trigger
        for trigger in registry.for_model(Post).triggers
        if trigger.sender is UserForumPermission
    )
    assert list(trigger.stale(grant)) == [topic.first_post_id]
    assert docs(Post) == []


def count_queries(model):
    with CaptureQueriesContext(connection) as queries:
        documents = docs(model)
    return len(queries), len(documents)


def test_the_queries_for_posts_do_not_grow_with_their_number(city, olena, petro):
    topic = start_topic(city, olena, "Опалення")
    for _ in range(2):
        reply(topic, petro)
    queries_for_3, found = count_queries(Post)
    # The opening post is found as its topic, not as a post.
    assert found == 2

    for _ in range(27):
        reply(topic, petro)
    queries_for_30, found = count_queries(Post)

    assert found == 29
    assert queries_for_30 == queries_for_3


def test_the_queries_for_topics_do_not_grow_with_their_number(city, olena):
    for n in range(3):
        start_topic(city, olena, f"Питання {n}")
    queries_for_3, found = count_queries(Topic)
    assert found == 3

    for n in range(3, 30):
        start_topic(city, olena, f"Питання {n}")
    queries_for_30, found = count_queries(Topic)

    assert found == 30
    assert queries_for_30 == queries_for_3
