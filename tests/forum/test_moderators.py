"""The community moderators open the admin for reports and moderate the forum,
and reach no page, image, document, snippet or user."""

import pytest
from django.urls import reverse
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from plugins.forum import services
from plugins.messaging.staff import moderators_group as messaging_moderators
from tests.forum.conftest import make_user


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
