from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from machina.apps.forum.models import Forum
from machina.apps.forum_conversation.models import Topic
from machina.apps.forum_permission.models import (
    GroupForumPermission,
    UserForumPermission,
)

from plugins.forum import services
from tests.forum.conftest import start_topic


def topic_create_url(forum):
    return reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk])


def post_update_url(post):
    topic, forum = post.topic, post.topic.forum
    return reverse(
        "forum_conversation:post_update",
        args=[forum.slug, forum.pk, topic.slug, topic.pk, post.pk],
    )


def test_the_seed_makes_a_forum_per_provider_and_the_city_forums(forums):
    names = set(Forum.objects.values_list("name", flat=True))

    assert {
        "КП «Водоканал»",
        services.CITY_TOPICS,
        services.ANNOUNCEMENTS,
        services.PORTAL_FEEDBACK,
    } <= names
    assert forums["КП «Водоканал»"].parent == forums[services.PROVIDERS_CATEGORY]


def test_seeding_again_changes_nothing(forums):
    counts = (
        Forum.objects.count(),
        UserForumPermission.objects.count(),
        GroupForumPermission.objects.count(),
        Group.objects.count(),
    )

    call_command("seed_forum", stdout=StringIO())

    assert counts == (
        Forum.objects.count(),
        UserForumPermission.objects.count(),
        GroupForumPermission.objects.count(),
        Group.objects.count(),
    )


def test_a_resident_may_start_a_topic_in_a_providers_forum(client, forums, olena):
    client.force_login(olena)

    response = client.get(topic_create_url(forums["КП «Водоканал»"]))

    assert response.status_code == 200


def test_a_resident_may_not_start_a_topic_in_announcements(client, forums, olena):
    client.force_login(olena)
    url = topic_create_url(forums[services.ANNOUNCEMENTS])

    refusal = client.get(url)
    assert refusal.status_code == 403
    assert "Доступ заборонено" in refusal.text
    assert client.post(url, {"subject": "Моє", "content": "x"}).status_code == 403
    assert not Topic.objects.filter(forum=forums[services.ANNOUNCEMENTS]).exists()


def test_a_resident_may_read_announcements(client, forums, olena):
    forum = forums[services.ANNOUNCEMENTS]
    client.force_login(olena)

    response = client.get(reverse("forum:forum", args=[forum.slug, forum.pk]))

    assert response.status_code == 200


def test_a_resident_edits_their_own_post_and_not_another_residents(
    client, forums, olena, petro
):
    city = forums[services.CITY_TOPICS]
    _, olenas = start_topic(city, olena, "Світло на Шевченка")
    _, petros = start_topic(city, petro, "Сміття у дворі")
    client.force_login(olena)

    assert client.get(post_update_url(olenas)).status_code == 200
    assert client.get(post_update_url(petros)).status_code == 403
    response = client.post(
        post_update_url(petros), {"subject": "Зламано", "content": "Зламано"}
    )
    assert response.status_code == 403
    petros.refresh_from_db()
    assert petros.content.raw == "Коли дадуть воду?"


def test_a_moderator_edits_anyones_post_and_posts_announcements(
    client, forums, olena, petro
):
    petro.groups.add(Group.objects.get(name=services.MODERATORS_GROUP))
    _, olenas = start_topic(forums[services.CITY_TOPICS], olena, "Ями на дорозі")
    client.force_login(petro)

    assert client.get(post_update_url(olenas)).status_code == 200
    announcements = topic_create_url(forums[services.ANNOUNCEMENTS])
    assert client.get(announcements).status_code == 200
