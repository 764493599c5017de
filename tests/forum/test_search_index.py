"""The site-wide PostgreSQL index over forum posts: found by word forms,
only while public."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from machina.apps.forum_conversation.models import Post
from machina.apps.forum_permission.models import UserForumPermission

from plugins.forum import services
from plugins.forum.search import POST, TOPIC
from search import registry, sync
from search.finding import find, tsquery
from search.indexing import refresh, reindex
from search.models import Entry
from tests.forum.conftest import start_topic


@pytest.fixture
def city(forums):
    return forums[services.CITY_TOPICS]


def searchable(key):
    return next(s for s in registry.registered() if s.key == key)


@pytest.fixture
def posts():
    return searchable(POST)


@pytest.fixture
def topics():
    return searchable(TOPIC)


def index_forum():
    for key in (TOPIC, POST):
        reindex(searchable(key))


def titles(query, types=None):
    return [entry.title for entry in find(query, types=types)]


def test_a_word_form_finds_a_topic_that_does_not_hold_it(city, olena):
    _, post = start_topic(city, olena, "Тиск на Соборній")
    post.content = "Третій день немає гарячої води у будинку."
    post.save()

    index_forum()

    assert titles("гаряча вода") == ["Тиск на Соборній"]
    assert titles("вода холодна") == []


def test_a_reply_is_found_as_a_post_and_its_opening_post_as_the_topic(
    city, olena, petro
):
    topic, _ = start_topic(city, olena, "Тиск на Соборній")
    Post.objects.create(
        topic=topic,
        poster=petro,
        subject="Re: Тиск на Соборній",
        content="У нас на Полтавській теж слабкий тиск води.",
        approved=True,
    )

    index_forum()

    assert sorted((e.type, e.title) for e in find("вода")) == [
        (POST, "Тиск на Соборній"),
        (TOPIC, "Тиск на Соборній"),
    ]
    assert [e.type for e in find("полтавській")] == [POST]


def test_the_title_outranks_the_body(city, olena, petro):
    _, in_body = start_topic(city, olena, "Сміття у дворі")
    in_body.content = "І ще тарифи незрозумілі."
    in_body.save()
    start_topic(city, petro, "Тарифи на опалення")

    index_forum()

    assert titles("тарифи") == ["Тарифи на опалення", "Сміття у дворі"]


def test_an_apostrophe_of_any_kind_finds_the_word(city, olena):
    _, post = start_topic(city, olena, "Допомога сім’ям")
    post.save()
    index_forum()

    for typed in ["сім'я", "сімʼя", "сім’я"]:
        assert titles(typed) == ["Допомога сім’ям"]


def test_a_post_hidden_later_leaves_the_index(city, olena, petro, posts):
    topic, _ = start_topic(city, olena, "Питання про ліфт")
    spam = Post.objects.create(
        topic=topic,
        poster=petro,
        subject="Re",
        content="Дешеві квитки до моря",
        approved=True,
    )
    index_forum()
    spam.approved = False
    spam.save()

    refresh(posts, [spam.pk])

    assert titles("квиток") == []


def test_query_words_are_never_read_as_operators(city, olena):
    start_topic(city, olena, "Вода")
    index_forum()

    assert titles("вода & !(' | :*") == ["Вода"]
    assert tsquery("!!! ***") == ""
    assert list(find("")) == []


def test_the_command_rebuilds_every_type_and_names_unknown_ones(city, olena):
    start_topic(city, olena, "Ліфт не працює")
    out = StringIO()

    call_command("search_reindex", stdout=out)

    # The opening post is the topic's text: no reply, no post to find.
    assert f"{TOPIC}: 1" in out.getvalue() and f"{POST}: 0" in out.getvalue()
    assert Entry.objects.filter(type=TOPIC).count() == 1
    with pytest.raises(CommandError, match="No such search type: weather"):
        call_command("search_reindex", "weather")


def test_a_new_post_is_found_once_its_transaction_commits(
    city, olena, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        topic, _ = start_topic(city, olena, "Не вивозять сміття")
    with django_capture_on_commit_callbacks(execute=True):
        Post.objects.create(
            topic=topic, poster=olena, subject="Re", content="І досі лежить сміття."
        )

    assert titles("сміттю", types=[TOPIC]) == ["Не вивозять сміття"]
    assert titles("лежати", types=[POST]) == ["Не вивозять сміття"]


def test_hiding_or_deleting_takes_a_post_out_at_once(
    city, olena, petro, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _, hidden = start_topic(city, olena, "Ремонт даху")
        deleted, _ = start_topic(city, petro, "Ремонт ліфта")

    with django_capture_on_commit_callbacks(execute=True):
        hidden.approved = False
        hidden.save()
        deleted.delete()

    assert titles("ремонт") == []


def test_closing_a_forum_to_visitors_takes_its_posts_out(
    city, olena, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        start_topic(city, olena, "Відкрита розмова")
    read = UserForumPermission.objects.get(
        forum=city, permission__codename="can_read_forum", anonymous_user=True
    )

    with django_capture_on_commit_callbacks(execute=True):
        read.has_perm = False
        read.save()

    assert titles("розмова") == []


def test_question_words_do_not_have_to_be_found(city, olena):
    start_topic(city, olena, "Оплатити воду онлайн")
    index_forum()

    assert titles("де оплатити воду") == ["Оплатити воду онлайн"]
    assert titles("як") == []


def test_a_reply_reads_again_only_itself_and_its_topic(city, olena, petro, monkeypatch):
    topic, _ = start_topic(city, olena, "Ліфт стоїть")
    Post.objects.create(
        topic=topic, poster=petro, subject="Re", content="Третій день.", approved=True
    )
    scheduled = []
    monkeypatch.setattr(sync, "schedule", lambda key, pks: scheduled.append((key, pks)))

    # The engine saves the topic and the forum after the reply, to count it.
    reply = Post.objects.create(
        topic=topic, poster=olena, subject="Re", content="Вже їде.", approved=True
    )

    assert sorted(scheduled) == sorted(
        [(POST, [str(reply.pk)]), (TOPIC, [str(topic.pk)]), (TOPIC, [str(topic.pk)])]
    )


def test_renaming_a_topic_reads_its_replies_again(
    city, olena, petro, django_capture_on_commit_callbacks
):
    topic, _ = start_topic(city, olena, "Ліфт стоїть")
    Post.objects.create(
        topic=topic, poster=petro, subject="Re", content="Третій день.", approved=True
    )
    index_forum()

    with django_capture_on_commit_callbacks(execute=True):
        topic.subject = "Ліфт у під'їзді 2 стоїть"
        topic.save()

    assert titles("під'їзд", types=[POST]) == ["Ліфт у під'їзді 2 стоїть"]
