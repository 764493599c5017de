"""The social-protection office's group opens the admin for subsidies and
reaches no CMS page, snippet or billing screen."""

import pytest
from django.urls import reverse

from plugins.subsidies.staff import GROUP, PERMISSIONS, social_protection_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(django_user_model):
    user = django_user_model.objects.create_user(
        username="officer", email="officer@example.org", password="x"
    )
    user.groups.add(social_protection_group())
    return user


def test_the_group_holds_exactly_its_permissions():
    group = social_protection_group()

    held = {
        (permission.content_type.app_label, permission.codename)
        for permission in group.permissions.select_related("content_type")
    }
    assert group.name == GROUP
    assert held == set(PERMISSIONS)


def test_setting_the_group_up_again_resets_what_was_added(officer):
    from django.contrib.auth.models import Permission

    group = officer.groups.get()
    group.permissions.add(Permission.objects.get(codename="change_page"))

    social_protection_group()

    assert not group.permissions.filter(codename="change_page").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/",
        "/admin/pages/add/home/homepage/2/",
        "/admin/snippets/",
        "/admin/billing_imports/",
        "/admin/users/",
    ],
)
def test_an_officer_reaches_no_cms_or_billing_screen(client, officer, url):
    client.force_login(officer)

    response = client.get(url)

    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert response["Location"] in (reverse("wagtailadmin_home"), "/admin/")


def test_an_officer_opens_the_admin(client, officer):
    client.force_login(officer)

    assert client.get(reverse("wagtailadmin_home")).status_code == 200
