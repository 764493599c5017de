"""Role changes and deletions of users, pages and documents: one entry each,
naming the user who acted in the request that caused it."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Page

from tests.audit.conftest import stored_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def olena(django_user_model):
    return django_user_model.objects.create_user(
        username="olena", email="olena@example.org", password="x"
    )


@pytest.fixture
def editors():
    return Group.objects.create(name="Editors of the audit test")


def test_adding_and_removing_a_group_is_recorded(olena, editors, audit_entries):
    olena.groups.add(editors)
    olena.groups.remove(editors)

    [added] = audit_entries("users.user.groups_added")
    [removed] = audit_entries("users.user.groups_removed")
    for entry in (added, removed):
        assert (entry.target_type, entry.target_id) == ("users.user", str(olena.pk))
        assert entry.facts == {"ids": [editors.pk]}


def test_clearing_a_users_groups_names_the_groups(olena, editors, audit_entries):
    olena.groups.add(editors)

    olena.groups.clear()

    [removed] = audit_entries("users.user.groups_removed")
    assert removed.facts == {"ids": [editors.pk]}


def test_adding_users_to_a_group_records_each_user(
    olena, editors, django_user_model, audit_entries
):
    petro = django_user_model.objects.create_user(username="petro", password="x")

    editors.user_set.add(olena, petro)

    entries = audit_entries("users.user.groups_added")
    assert [entry.target_id for entry in entries] == [str(olena.pk), str(petro.pk)]
    assert all(entry.facts == {"ids": [editors.pk]} for entry in entries)


def test_a_direct_permission_is_recorded(olena, audit_entries):
    permission = Permission.objects.get(codename="access_admin")

    olena.user_permissions.add(permission)

    [entry] = audit_entries("users.user.permissions_added")
    assert entry.facts == {"ids": [permission.pk]}


def test_making_a_user_staff_is_recorded_once_with_the_old_value(olena, audit_entries):
    olena.is_staff = True
    olena.save()
    olena.first_name = "Олена"
    olena.save()

    [entry] = audit_entries("users.user.flags_changed")
    assert entry.target_id == str(olena.pk)
    assert entry.facts == {"is_staff": [False, True]}
    assert "Олена" not in stored_text(audit_entries())


def test_a_new_superuser_is_recorded(django_user_model, audit_entries):
    admin = django_user_model.objects.create_superuser(
        username="root", email="root@example.org", password="x"
    )

    [entry] = audit_entries("users.user.flags_changed")
    assert entry.target_id == str(admin.pk)
    assert entry.facts == {"is_staff": [False, True], "is_superuser": [False, True]}


def test_signing_in_records_nothing(client, olena, audit_entries):
    client.force_login(olena)

    olena.refresh_from_db()
    assert olena.last_login is not None
    assert audit_entries() == []


def test_a_superuser_deactivating_and_deleting_a_user_in_the_admin_is_theirs(
    client, admin_user, olena, audit_entries
):
    client.force_login(admin_user)
    olena_id = olena.pk

    olena.is_active = False
    olena.save()
    client.post(reverse("wagtailusers_users:delete", args=[olena_id]))

    [deleted] = audit_entries("users.user.deleted")
    assert deleted.actor_id == admin_user.pk
    assert deleted.target_id == str(olena_id)
    assert "olena" not in stored_text(audit_entries())


def test_deleting_a_page_is_recorded_once(admin_user, audit_entries):
    root = Page.objects.get(depth=1)
    page = root.add_child(instance=Page(title="Відключення води", slug="audit-test"))
    page_id = page.pk

    page.delete()

    [entry] = audit_entries("wagtail.page.deleted")
    assert entry.target_id == str(page_id)
    assert entry.facts == {"page_type": "wagtailcore.page"}


def test_deleting_a_document_is_recorded(settings, tmp_path, audit_entries):
    settings.MEDIA_ROOT = tmp_path
    document = get_document_model().objects.create(
        title="Тарифи", file=ContentFile(b"tariffs", name="tariffs.txt")
    )
    document_id = document.pk

    document.delete()

    [entry] = audit_entries("wagtail.document.deleted")
    assert entry.target_id == str(document_id)
