"""Staff sign in with a password and a code; residents may choose to.

Everyone here signs in through the form, as a person does: the suite's
``force_login`` counts as having typed the code already (tests/conftest.py).
"""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group, Permission

from cms.audit.models import AuditEntry
from plugins.billing.models import ProviderStaff
from tests.second_factor import current_code, give_authenticator

PASSWORD = "a-long-secret-1"


def person(django_user_model, name, **flags):
    email = f"{name}@example.org"
    user = django_user_model.objects.create_user(
        username=name, email=email, password=PASSWORD, **flags
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def editor(django_user_model):
    user = person(django_user_model, "oksana")
    group = Group.objects.create(name="Редактори")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


@pytest.fixture
def resident(django_user_model):
    return person(django_user_model, "olena")


def sign_in(client, user):
    return client.post(
        "/accounts/login/", {"login": user.email, "password": PASSWORD}, follow=True
    )


def type_code(client, code):
    return client.post("/accounts/2fa/authenticate/", {"code": code}, follow=True)


def open_setup(client):
    """The set-up page, after the password asked again before a factor is
    added (allauth's reauthentication: a borrowed session cannot add one)."""
    asked = client.get("/accounts/2fa/totp/activate/")
    assert asked["Location"].startswith("/accounts/reauthenticate/")
    return client.post(asked["Location"], {"password": PASSWORD}, follow=True)


def secret_on_page(response):
    """The secret the set-up page shows beside its QR code."""
    found = re.search(r'value="([A-Z2-7]{32})"', response.content.decode())
    return found.group(1)


def test_an_editor_without_an_app_is_sent_to_set_one_up(client, editor):
    sign_in(client, editor)

    sent = client.get("/admin/")
    assert sent["Location"] == "/accounts/2fa/totp/activate/?next=%2Fadmin%2F"
    page = open_setup(client).content.decode()

    assert "data:image/svg+xml" in page  # the QR code to scan
    assert "Staff of the portal sign in" not in page  # shown in Ukrainian
    assert "Щоб продовжити, налаштуйте додаток." in page


# allauth tells of a new authenticator once it is committed.
@pytest.mark.django_db(transaction=True)
def test_the_admin_opens_once_the_app_is_set_up(client, editor):
    sign_in(client, editor)
    secret = secret_on_page(open_setup(client))
    start = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})

    assert client.get("/admin/").status_code == 200
    assert Authenticator.objects.filter(user=editor, type="totp").exists()
    added = AuditEntry.objects.filter(pk__gt=start, action="users.authenticator.added")
    assert {entry.facts["kind"] for entry in added} == {"totp", "recovery_codes"}
    assert {entry.target_id for entry in added} == {str(editor.pk)}


def test_an_editor_with_an_app_types_its_code_at_sign_in(client, editor):
    secret = give_authenticator(editor)

    response = sign_in(client, editor)
    assert response.redirect_chain[-1][0] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302  # not signed in yet

    wrong = type_code(
        client, "000000" if current_code(secret) != "000000" else "111111"
    )
    assert "Неправильний код" in wrong.content.decode() or wrong.status_code == 200
    assert client.get("/admin/").status_code == 302

    type_code(client, current_code(secret))
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_stands_in_for_a_lost_phone(client, editor):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    give_authenticator(editor)
    codes = RecoveryCodes.activate(editor).get_unused_codes()

    sign_in(client, editor)
    type_code(client, codes[0])

    assert client.get("/admin/").status_code == 200


def test_someone_made_an_editor_while_signed_in_is_asked_at_the_admin(client, resident):
    sign_in(client, resident)
    assert client.get("/cabinet/").status_code == 200

    group = Group.objects.create(name="Редактори")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    resident.groups.add(group)
    secret = give_authenticator(resident)

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")

    client.post("/accounts/2fa/reauthenticate/", {"code": current_code(secret)})
    assert client.get("/admin/").status_code == 200


def test_a_providers_staff_member_must_use_a_code_too(
    client, django_user_model, water_provider
):
    operator = person(django_user_model, "petro")
    ProviderStaff.objects.create(user=operator, provider=water_provider)

    sign_in(client, operator)
    response = client.get("/cabinet/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_recovery_codes_cannot_be_made_before_the_apps_code(client, resident):
    sign_in(client, resident)
    group = Group.objects.create(name="Редактори")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    resident.groups.add(group)
    give_authenticator(resident)

    response = client.get("/accounts/2fa/recovery-codes/generate/")

    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")


def test_staff_not_yet_proved_may_still_sign_out(client, editor):
    sign_in(client, editor)

    response = client.post("/accounts/logout/", follow=True)

    assert not response.wsgi_request.user.is_authenticated


def test_a_resident_is_never_asked_for_a_code(client, resident):
    sign_in(client, resident)

    assert client.get("/cabinet/").status_code == 200


def test_a_resident_may_turn_a_code_on_and_off(client, resident):
    sign_in(client, resident)
    secret = secret_on_page(open_setup(client))
    client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    client.post("/accounts/logout/")

    asked = sign_in(client, resident)
    assert asked.redirect_chain[-1][0] == "/accounts/2fa/authenticate/"
    type_code(client, current_code(secret))
    assert client.get("/cabinet/").status_code == 200

    asked = client.post("/accounts/2fa/totp/deactivate/")
    client.post(asked["Location"], {"password": PASSWORD})
    client.post("/accounts/2fa/totp/deactivate/")
    assert not Authenticator.objects.filter(user=resident, type="totp").exists()


def test_staff_cannot_turn_their_code_off(client, editor):
    secret = give_authenticator(editor)
    sign_in(client, editor)
    type_code(client, current_code(secret))

    asked = client.post("/accounts/2fa/totp/deactivate/")
    client.post(asked["Location"], {"password": PASSWORD})
    response = client.post("/accounts/2fa/totp/deactivate/")

    assert Authenticator.objects.filter(user=editor, type="totp").exists()
    assert response.status_code == 200  # the form again, with allauth's reason


def test_a_lost_phone_is_reset_by_command_and_a_new_app_set_up(client, editor):
    from io import StringIO

    from django.core.management import call_command

    give_authenticator(editor)
    start = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    call_command("reset_second_factor", "OKSANA@example.org", stdout=StringIO())

    assert not Authenticator.objects.filter(user=editor).exists()
    reset = AuditEntry.objects.get(pk__gt=start, action="users.authenticator.reset")
    assert reset.facts == {"kinds": ["totp"]}
    sign_in(client, editor)
    assert client.get("/admin/")["Location"].startswith("/accounts/2fa/totp/activate/")


def test_resetting_an_unknown_address_changes_nothing(editor):
    from django.core.management import CommandError, call_command

    give_authenticator(editor)

    with pytest.raises(CommandError, match="nobody@example.org"):
        call_command("reset_second_factor", "nobody@example.org")
    assert Authenticator.objects.filter(user=editor).exists()
