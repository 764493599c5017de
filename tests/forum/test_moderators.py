"""The community moderators open the admin for reports and moderate the forum,
and reach no page, image, document, snippet or user."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from machina.apps.forum_conversation.models import Topic
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from plugins.forum import services
from plugins.messaging.staff import moderators_group as messaging_moderators
from tests.forum.conftest import make_user, start_topic


@pytest.fixture
def moderator(forums):
    user = make_user("Модератор", "moderator@example.test")
    user.groups.add(services.moderators_group())
    messaging_moderators()
    return user


def test_the_group_holds_only_the_reports_and_the_admin(moderator):
    group = moderator.groups.get()

    held = set(group.permissions.values_list("content_type__app_label", "codename"))

    assert held == {
        ("wagtailadmin", "access_admin"),
        ("portal_forum", "view_postreport"),
        ("portal_forum", "change_postreport"),
        ("messaging", "view_report"),
        ("messaging", "change_report"),
    }
    assert not GroupPagePermission.objects.filter(group=group).exists()
    assert not GroupCollectionPermission.objects.filter(group=group).exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/",
        "/admin/pages/add/home/homepage/2/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/snippets/",
        "/admin/users/",
        "/admin/forum_representatives/",
    ],
)
def test_a_moderator_reaches_no_cms_screen(client, moderator, url):
    client.force_login(moderator)

    response = client.get(url)

    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert response["Location"] in (reverse("wagtailadmin_home"), "/admin/")


def test_a_moderator_opens_both_report_lists(client, moderator):
    client.force_login(moderator)

    assert client.get(reverse("forum_post_reports")).status_code == 200
    assert client.get(reverse("messaging_reports")).status_code == 200


def moderation_url(name, topic):
    return reverse(f"forum_moderation:{name}", args=[topic.slug, topic.pk])


def test_a_moderator_locks_moves_and_deletes_a_topic(client, forums, moderator, olena):
    city, feedback = forums[services.CITY_TOPICS], forums[services.PORTAL_FEEDBACK]
    heated, _ = start_topic(city, olena, "Суперечка")
    misplaced, _ = start_topic(city, olena, "Не на своєму місці")
    spam, _ = start_topic(city, olena, "Спам")
    client.force_login(moderator)

    client.post(moderation_url("topic_lock", heated))
    client.post(moderation_url("topic_move", misplaced), {"forum": feedback.pk})
    client.post(moderation_url("topic_delete", spam))

    heated.refresh_from_db()
    misplaced.refresh_from_db()
    assert heated.is_locked
    assert misplaced.forum == feedback
    assert not Topic.objects.filter(pk=spam.pk).exists()


@pytest.mark.parametrize("action", ["topic_lock", "topic_move", "topic_delete"])
def test_a_resident_may_not_moderate_even_their_own_topic(
    client, forums, olena, action
):
    topic, _ = start_topic(forums[services.CITY_TOPICS], olena, "Моя тема")
    client.force_login(olena)

    response = client.post(
        moderation_url(action, topic), {"forum": forums[services.PORTAL_FEEDBACK].pk}
    )

    assert response.status_code == 403
    topic.refresh_from_db()
    assert not topic.is_locked and topic.forum == forums[services.CITY_TOPICS]


def test_the_move_form_lists_only_forums_a_topic_may_go_to(
    client, forums, moderator, olena
):
    city = forums[services.CITY_TOPICS]
    topic, _ = start_topic(city, olena, "Куди перенести")
    client.force_login(moderator)

    page = client.get(moderation_url("topic_move", topic)).text
    refused = client.post(moderation_url("topic_move", topic), {"forum": "True"})
    own = client.post(moderation_url("topic_move", topic), {"forum": city.pk})

    assert f'<option value="{forums["КП «Водоканал»"].pk}">— КП «Водоканал»<' in page
    assert f'<option value="{city.pk}"' not in page
    assert ">True<" not in page
    assert refused.status_code == own.status_code == 200
    topic.refresh_from_db()
    assert topic.forum == city


def test_a_locked_topic_says_so_and_the_moderators_menu_is_named(
    client, forums, moderator, olena
):
    topic, _ = start_topic(forums[services.CITY_TOPICS], olena, "Закрита тема")
    forum = topic.forum
    page_url = reverse(
        "forum_conversation:topic", args=[forum.slug, forum.pk, topic.slug, topic.pk]
    )
    client.force_login(moderator)

    moderators_page = client.get(page_url).text
    assert moderators_page.count("Модерування") == 2
    # The menu above the posts and the one below have ids of their own.
    assert 'id="id_dropdown_moderation_menu_button_top"' in moderators_page
    assert 'id="id_dropdown_moderation_menu_button_bottom"' in moderators_page
    client.post(moderation_url("topic_lock", topic))
    client.force_login(olena)
    page = client.get(page_url).text

    assert "Тему закрито: нові відповіді не приймаються." in page
    assert "Модерування" not in page


def test_migrating_prepares_the_group_with_every_plugins_rights(db):
    Group.objects.filter(name=services.MODERATORS_GROUP).delete()

    call_command("migrate", verbosity=0)

    group = Group.objects.get(name=services.MODERATORS_GROUP)
    held = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert ("portal_forum", "view_postreport") in held
    assert ("messaging", "view_report") in held
