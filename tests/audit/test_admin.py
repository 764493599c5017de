"""The audit log's screen: superusers read it, filter it and search it; every
other kind of user, and a visitor, is refused; no one adds, edits or deletes."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import NoReverseMatch, reverse

from cms import audit
from cms.audit.models import AuditEntry
from plugins.billing.models import ProviderStaff
from plugins.forum.services import moderators_group
from plugins.subsidies.staff import social_protection_group

pytestmark = pytest.mark.django_db

INDEX = reverse("audit_log:index")
KYIV = ZoneInfo("Europe/Kyiv")


@pytest.fixture
def entries(django_user_model):
    officer = django_user_model.objects.create_user(username="officer", password="x")
    applied = audit.record(
        "billing.import.applied", actor=officer, provider="PVK", rows=4
    )
    moved = audit.record(
        "subsidies.application.moved", actor=None, to_status="in_review"
    )
    return {"officer": officer, "applied": applied, "moved": moved}


def user_in(django_user_model, username, group=None, **flags):
    user = django_user_model.objects.create_user(
        username=username, password="x", **flags
    )
    if group is not None:
        user.groups.add(group)
    return user


def listed(response):
    """The actions of the entries the list shows, top to bottom."""
    return [entry.action for entry in response.context["object_list"]]


@pytest.fixture
def everyone_else(django_user_model, water_provider):
    """One of each kind of user who is not a superuser."""
    editors = Group.objects.create(name="Editors of the audit test")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    provider_staff = user_in(django_user_model, "water", editors)
    provider_staff.user_permissions.add(
        Permission.objects.get(codename="view_billingimport")
    )
    ProviderStaff.objects.create(user=provider_staff, provider=water_provider)
    return {
        "editor": user_in(django_user_model, "editor", editors),
        "social protection": user_in(
            django_user_model, "social", social_protection_group()
        ),
        "provider staff": provider_staff,
        "moderator": user_in(django_user_model, "moderator", moderators_group()),
        "staff flag only": user_in(django_user_model, "staff", is_staff=True),
        "resident": user_in(django_user_model, "resident"),
    }


def test_a_superuser_reads_the_entries(client, admin_user, entries):
    client.force_login(admin_user)

    response = client.get(INDEX)

    page = response.content.decode()
    assert response.status_code == 200
    # Newest first; the superuser's own making was recorded before the rest.
    assert listed(response) == [
        "subsidies.application.moved",
        "billing.import.applied",
        "users.user.flags_changed",
    ]
    assert "&quot;provider&quot;: &quot;PVK&quot;" in page


def test_everyone_else_is_refused(client, entries, everyone_else):
    for who, user in [*everyone_else.items(), ("visitor", None)]:
        client.logout()
        if user is not None:
            client.force_login(user)

        response = client.get(INDEX)

        assert response.status_code in (302, 403), who
        assert "billing.import.applied" not in response.content.decode(), who


def test_the_menu_item_is_shown_to_superusers_only(client, admin_user, everyone_else):
    client.force_login(admin_user)
    assert INDEX in client.get(reverse("wagtailadmin_home")).content.decode()

    client.force_login(everyone_else["editor"])
    assert INDEX not in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize("view", ["add", "edit", "delete", "inspect", "history"])
def test_there_is_no_screen_to_change_an_entry(view):
    with pytest.raises(NoReverseMatch):
        reverse(f"audit_log:{view}", args=[] if view == "add" else [1])


def test_the_list_filters_by_action(client, admin_user, entries):
    client.force_login(admin_user)

    response = client.get(INDEX, {"action": "subsidies.application.moved"})

    assert listed(response) == ["subsidies.application.moved"]


def test_the_list_filters_by_date(client, admin_user, entries):
    AuditEntry.objects.create(
        action="billing.bill_run.started", at=datetime(2025, 1, 15, 12, tzinfo=KYIV)
    )
    client.force_login(admin_user)

    january = client.get(INDEX, {"at_from": "2025-01-01", "at_to": "2025-01-31"})

    assert listed(january) == ["billing.bill_run.started"]


def test_the_list_is_searched_by_actor_id(client, admin_user, entries):
    client.force_login(admin_user)

    found = client.get(INDEX, {"q": str(entries["officer"].pk)})

    assert listed(found) == ["billing.import.applied"]


def test_the_list_is_searched_by_target(client, admin_user, entries, olena):
    entry = audit.record("users.user.groups_added", target=olena, ids=[1])
    client.force_login(admin_user)

    found = client.get(INDEX, {"q": f"users.user:{olena.pk}"})

    assert list(found.context["object_list"]) == [entry]


def test_a_search_that_finds_nothing_says_so_in_ukrainian(client, admin_user, entries):
    client.force_login(admin_user)

    response = client.get(INDEX, {"q": "999999999"})

    assert "Жоден запис журналу не відповідає запиту." in response.content.decode()
