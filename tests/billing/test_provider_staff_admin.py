"""Administrators say in the admin who answers which provider's disputes."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from plugins.billing.models import ProviderStaff


@pytest.fixture
def editor(django_user_model):
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.set(Permission.objects.filter(codename="access_admin"))
    user = django_user_model.objects.create_user(username="editor", password="x")
    user.groups.add(group)
    return user


def test_an_administrator_makes_a_user_staff_of_a_provider(
    admin_client, django_user_model, water_provider
):
    clerk = django_user_model.objects.create_user(username="clerk", password="x")

    response = admin_client.post(
        reverse("provider_staff:add"), {"user": clerk.pk, "provider": water_provider.pk}
    )

    assert response.status_code == 302
    assert ProviderStaff.objects.filter(user=clerk, provider=water_provider).exists()
    assert "clerk" in admin_client.get(reverse("provider_staff:index")).content.decode()


def test_an_editor_cannot_open_the_provider_staff_list(client, editor):
    client.force_login(editor)

    response = client.get(reverse("provider_staff:index"))

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
