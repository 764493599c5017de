"""Editors keep a provider's description and contacts; only administrators
change what residents pay to: the code, ЄДРПОУ, IBAN, bank and services."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from cms.directory.models import Provider

NEW_IBAN = "UA903052992990004149123456789"


@pytest.fixture
def editor(django_user_model):
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.set(
        Permission.objects.filter(
            codename__in=["access_admin", "change_provider", "view_provider"]
        )
    )
    user = django_user_model.objects.create_user(username="editor", password="x")
    user.groups.add(group)
    return user


def edit_url(provider):
    return reverse("wagtailsnippets_directory_provider:edit", args=[provider.pk])


def form_data(provider, **changes):
    data = {
        "name": provider.name,
        "short_name": provider.short_name,
        "address": "вул. Соборна, 1",
        "phones": "",
        "email": "",
        "website": "",
        "hours": "",
        "description": "",
        "source_url": "",
        "example_note": "",
        "code": provider.code,
        "edrpou": provider.edrpou,
        "iban": provider.iban,
        "bank_name": "",
        "services": [service.pk for service in provider.services.all()],
        "is_retail": "on",
    }
    return {**data, **changes}


def test_an_editor_does_not_see_the_requisites(client, editor, water_provider):
    client.force_login(editor)

    html = client.get(edit_url(water_provider)).content.decode()

    assert 'name="address"' in html
    assert 'name="iban"' not in html
    assert 'name="edrpou"' not in html
    assert 'name="code"' not in html


def test_an_editor_cannot_change_the_iban_by_posting_it(client, editor, water_provider):
    client.force_login(editor)
    old_iban = water_provider.iban

    response = client.post(
        edit_url(water_provider), form_data(water_provider, iban=NEW_IBAN)
    )

    water_provider.refresh_from_db()
    assert response.status_code == 302
    assert water_provider.address == "вул. Соборна, 1"
    assert water_provider.iban == old_iban


def test_an_administrator_changes_the_iban(admin_client, water_provider):
    response = admin_client.post(
        edit_url(water_provider), form_data(water_provider, iban=NEW_IBAN)
    )

    water_provider.refresh_from_db()
    assert response.status_code == 302
    assert water_provider.iban == NEW_IBAN


def test_an_editor_cannot_add_a_provider(client, editor, db):
    client.force_login(editor)

    response = client.get(reverse("wagtailsnippets_directory_provider:add"))

    assert response.status_code in (302, 403)
    assert Provider.objects.count() == 0
