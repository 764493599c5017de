"""Someone who knows a staff member's password, but not the code of their
authenticator app, tries every other way to staff data.

Each attacker signs in through a form, never with ``force_login`` (which
counts as a typed code in this suite, tests/conftest.py). What is already
proved in tests/users/test_second_factor.py is not repeated here.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from plugins.billing.models import ProviderStaff
from plugins.subsidies.staff import social_protection_group
from tests.second_factor import current_code, give_authenticator
from tests.subsidies.conftest import (  # noqa: F401
    application,
    flat,
    make_document,
    private_files,
    resident,
)

PASSWORD = "a-long-secret-1"
CODE_PROMPT = "/accounts/2fa/authenticate/"


def staff_member(django_user_model, name, with_app=True):
    """An office member with a password the attacker knows, and (unless
    told otherwise) an app whose code the attacker does not have."""
    email = f"{name}@example.org"
    user = django_user_model.objects.create_user(
        username=name, email=email, password=PASSWORD
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    user.groups.add(social_protection_group())
    user.secret = give_authenticator(user) if with_app else None
    return user


@pytest.fixture
def officer(django_user_model):
    return staff_member(django_user_model, "tkachenko")


@pytest.fixture
def sent_document(application):  # noqa: F811
    """A passport scan in an application the office may open."""
    document = make_document(application)
    application.submitted_at = timezone.now()
    application.save()
    return document


def sign_in(client, user):
    return client.post(
        "/accounts/login/", {"login": user.email, "password": PASSWORD}, follow=True
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def document_url(document):
    return f"/cabinet/subsidies/documents/{document.pk}/"


# A role given during a session. Without an authenticator the resident
# signed in with the password alone; the office's documents live outside
# the admin, where the decision made at sign-in used to stand.


@pytest.mark.parametrize("method", ["get", "head"])
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_resident_made_an_office_member_mid_session_needs_the_code(
    client, django_user_model, sent_document, method, prefix
):
    promoted = django_user_model.objects.create_user(
        username="ivan", email="ivan@example.org", password=PASSWORD
    )
    EmailAddress.objects.create(
        user=promoted, email=promoted.email, verified=True, primary=True
    )
    sign_in(client, promoted)
    assert client.get("/cabinet/").status_code == 200  # a resident, no code asked

    promoted.groups.add(social_protection_group())
    secret = give_authenticator(promoted)
    url = prefix + document_url(sent_document)

    refused = getattr(client, method)(url)
    assert refused.status_code == 302
    assert "/accounts/2fa/reauthenticate/" in refused["Location"]

    client.post("/accounts/2fa/reauthenticate/", {"code": current_code(secret)})
    assert getattr(client, method)(url).status_code == 200


def test_a_resident_made_provider_staff_mid_session_is_sent_to_set_up_an_app(
    client, django_user_model, water_provider
):
    promoted = django_user_model.objects.create_user(
        username="ivan", email="ivan@example.org", password=PASSWORD
    )
    EmailAddress.objects.create(
        user=promoted, email=promoted.email, verified=True, primary=True
    )
    sign_in(client, promoted)

    ProviderStaff.objects.create(user=promoted, provider=water_provider)
    response = client.get("/accounts/my-data/my-data.json")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


# The password alone, through every door.


def test_the_password_stops_at_the_code_prompt(client, officer, sent_document):
    response = sign_in(client, officer)

    assert response.redirect_chain[-1][0] == CODE_PROMPT
    assert not signed_in(client)
    for url in (
        document_url(sent_document),
        "/en" + document_url(sent_document),
        "/accounts/my-data/my-data.json",
        "/admin/api/main/documents/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/recovery-codes/download/",
    ):
        assert client.get(url).status_code == 302, url
        assert client.head(url).status_code == 302, url


def test_the_pages_own_password_form_leads_nowhere_without_the_code(
    client, officer, sent_document
):
    """Wagtail's form for private pages signs in with Django's own view, not
    allauth's: the session it makes must still ask for the code."""
    client.post("/_util/login/", {"username": officer.username, "password": PASSWORD})
    assert signed_in(client)  # the password alone did sign in

    for url in (
        "/admin/",
        document_url(sent_document),
        "/accounts/my-data/my-data.json",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/2fa/reauthenticate/"), url

    client.post("/accounts/2fa/reauthenticate/", {"code": current_code(officer.secret)})
    assert client.get(document_url(sent_document)).status_code == 200


@pytest.mark.parametrize(
    "path", ["//admin/", "/ADMIN/", "/admin%2F", "/en/admin/", "/admin"]
)
def test_odd_spellings_of_the_admin_serve_nothing(client, officer, path):
    client.post("/_util/login/", {"username": officer.username, "password": PASSWORD})

    response = client.get(path, follow=True)

    final = response.redirect_chain[-1][0] if response.redirect_chain else path
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert "/accounts/2fa/reauthenticate/" in final


def test_the_admins_login_address_is_the_portals_form(client, officer):
    response = client.post(
        "/admin/login/", {"username": officer.username, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert not signed_in(client)


def test_a_password_reset_does_not_sign_in(client, officer):
    client.post("/accounts/password/reset/", {"email": officer.email})
    link = re.search(
        r"http://[^/]+(/\S+/password/reset/key/\S+/)", mail.outbox[-1].body
    )
    form = client.get(link.group(1), follow=True)
    new_password = "another-long-secret-2"

    client.post(
        form.redirect_chain[-1][0],
        {"password1": new_password, "password2": new_password},
    )

    officer.refresh_from_db()
    assert officer.check_password(new_password)
    assert not signed_in(client)


def test_signing_up_with_a_staff_address_signs_nobody_in(client, officer):
    response = client.post(
        "/accounts/signup/",
        {"email": officer.email, "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )

    assert not signed_in(client)
    assert response.wsgi_request.user.is_anonymous


def test_login_by_code_is_not_offered(client, officer):
    client.post("/accounts/login/code/", {"email": officer.email})

    assert client.get("/accounts/login/code/confirm/").status_code in (302, 404)
    assert not signed_in(client)


def test_a_code_once_typed_does_not_sign_in_again(client, officer):
    code = current_code(officer.secret)
    sign_in(client, officer)
    client.post(CODE_PROMPT, {"code": code})
    assert signed_in(client)
    client.post("/accounts/logout/")

    sign_in(client, officer)
    client.post(CODE_PROMPT, {"code": code})

    assert not signed_in(client)


def test_guessing_codes_is_stopped_after_a_few_tries(client, officer):
    right = current_code(officer.secret)
    wrong = [f"{n:06d}" for n in range(1000, 1100) if f"{n:06d}" != right]
    sign_in(client, officer)

    for guess in wrong[:10]:
        client.post(CODE_PROMPT, {"code": guess})
    client.post(CODE_PROMPT, {"code": right})

    assert not signed_in(client)


def test_no_browser_is_trusted_to_skip_the_code(client, officer, settings):
    assert not getattr(settings, "MFA_TRUST_ENABLED", False)
    code = current_code(officer.secret)
    sign_in(client, officer)
    client.post(CODE_PROMPT, {"code": code, "trust": "on"})
    client.post("/accounts/logout/")

    response = sign_in(client, officer)

    assert response.redirect_chain[-1][0] == CODE_PROMPT
    assert not signed_in(client)


def test_an_office_member_with_an_app_cannot_remove_it_with_the_password(
    client, django_user_model
):
    """Without the code: deactivating, reauthenticating with the password,
    and making recovery codes, in that order and the other."""
    officer = staff_member(django_user_model, "bondar")
    client.post("/_util/login/", {"username": officer.username, "password": PASSWORD})

    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    for url in (
        "/accounts/2fa/totp/deactivate/",
        "/accounts/2fa/recovery-codes/generate/",
    ):
        response = client.post(url)
        assert response["Location"].startswith("/accounts/2fa/reauthenticate/"), url

    assert officer.authenticator_set.filter(type="totp").exists()
    assert not officer.authenticator_set.filter(type="recovery_codes").exists()
