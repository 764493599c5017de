"""The forum engine speaks Ukrainian: its screens come with the portal's catalog.

The engine ships no Ukrainian catalog of its own; the portal's lives in the
forum engine's app package, so it is loaded only while the forum is on.
"""

import contextlib

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.signals import setting_changed
from django.urls import reverse
from django.utils import translation
from machina.apps.forum_conversation.models import Post, Topic

from plugins.forum import services

CATALOG = settings.BASE_DIR / "plugins/forum/machina_apps/forum/locale/uk/LC_MESSAGES"


@pytest.fixture(scope="module")
def compiled_catalog():
    """``make test`` compiles the catalogs; a bare pytest run compiles them here."""
    if (CATALOG / "django.mo").exists():
        return

    with contextlib.chdir(settings.BASE_DIR):
        call_command("compilemessages", ignore_patterns=[".venv", "var"], verbosity=0)
    # Forget catalogs an earlier test may have loaded without the new file.
    setting_changed.send(
        sender=type(settings),
        setting="LOCALE_PATHS",
        value=settings.LOCALE_PATHS,
        enter=False,
    )


@pytest.fixture
def forums(water_provider, compiled_catalog):
    return services.seed_forums()


@pytest.fixture
def ukrainian():
    # The middleware leaves the last request's language active; restore it.
    with translation.override("uk"):
        yield


@pytest.mark.usefixtures("compiled_catalog", "ukrainian")
def test_the_engines_messages_are_translated():
    assert translation.gettext("Forum index") == "Усі форуми"
    assert translation.gettext("Statistics") == "Статистика"
    assert translation.gettext("Last post") == "Останній допис"
    assert translation.gettext("Post reply") == "Відповісти"
    # A bare word the portal's own catalogs, loaded first, translate otherwise.
    assert translation.gettext("Approve") == "Схвалити"


@pytest.mark.usefixtures("compiled_catalog", "ukrainian")
@pytest.mark.parametrize(
    "count, found",
    [(1, "Знайдено 1 допис"), (3, "Знайдено 3 дописи"), (11, "Знайдено 11 дописів")],
)
def test_the_engines_plurals_take_every_ukrainian_form(count, found):
    text = translation.ngettext(
        "%(counter)s post found", "%(counter)s posts found", count
    ) % {"counter": count}

    assert text == found


@pytest.mark.usefixtures("ukrainian")
def test_the_forum_index_speaks_ukrainian(client, forums, olena):
    client.force_login(olena)

    html = client.get("/forum/").content.decode()

    for ukrainian in ["Усі форуми", "Статистика", "Усього дописів:", "Теми"]:
        assert ukrainian in html
    for english in ["Forum index", "Statistics", "Total posts:", "No posts"]:
        assert english not in html


@pytest.mark.usefixtures("ukrainian")
def test_a_forums_topics_and_a_topic_speak_ukrainian(client, forums, olena):
    forum = forums[services.CITY_TOPICS]
    topic = Topic.objects.create(
        forum=forum,
        poster=olena,
        subject="Світло на Шевченка",
        type=Topic.TOPIC_POST,
        status=Topic.TOPIC_UNLOCKED,
    )
    Post.objects.create(
        topic=topic, poster=olena, subject=topic.subject, content="Коли дадуть?"
    )
    client.force_login(olena)

    listing = client.get(reverse("forum:forum", args=[forum.slug, forum.pk]))
    detail = client.get(
        reverse(
            "forum_conversation:topic",
            args=[forum.slug, forum.pk, topic.slug, topic.pk],
        )
    )

    listing, detail = listing.content.decode(), detail.content.decode()
    assert "Нова тема" in listing
    assert "Відповіді" in listing
    assert "Останній допис" in listing
    assert "Replies" not in listing
    assert "Відповісти" in detail
    assert "Автор:" in detail
    assert "Post reply" not in detail
