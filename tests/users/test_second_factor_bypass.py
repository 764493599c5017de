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
from django.core.cache import cache
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


@pytest.fixture(autouse=True)
def fresh_counts():
    """allauth's counts of sign-ins and wrong codes, and the codes marked
    used, start empty: this module's sign-ins and those run just before
    them could reach the limit of thirty a minute from one address."""
    cache.clear()
    yield
    cache.clear()


def staff_member(django_user_model, name):
    """An office member with a password the attacker knows, and an app
    whose code the attacker does not have."""
    email = f"{name}@example.org"
    user = django_user_model.objects.create_user(
        username=name, email=email, password=PASSWORD
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    user.groups.add(social_protection_group())
    user.secret = give_authenticator(user)
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


@pytest.fixture
def promoted(client, django_user_model):
    """A session signed in with the password alone, as a resident; the
    person has since joined the office and set up an app elsewhere."""
    user = django_user_model.objects.create_user(
        username="ivan", email="ivan@example.org", password=PASSWORD
    )
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    sign_in(client, user)
    assert client.get("/cabinet/").status_code == 200  # a resident, no code asked
    user.groups.add(social_protection_group())
    user.secret = give_authenticator(user)
    return user


@pytest.mark.parametrize("method", ["get", "head"])
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_resident_made_an_office_member_mid_session_needs_the_code(
    client, promoted, sent_document, method, prefix
):
    url = prefix + document_url(sent_document)

    refused = getattr(client, method)(url)
    assert refused.status_code == 302
    assert "/accounts/2fa/reauthenticate/" in refused["Location"]

    client.post(
        "/accounts/2fa/reauthenticate/", {"code": current_code(promoted.secret)}
    )
    assert getattr(client, method)(url).status_code == 200


def test_every_staff_page_asks_a_promoted_session_for_the_code(
    client, promoted, sent_document
):
    # The application's forms, whichever: refused before the view looks.
    forms = f"/cabinet/subsidies/{sent_document.application_id}/forms/1/"
    for url in (
        "/admin/",
        forms,
        "/accounts/my-data/my-data.json",
        "/accounts/2fa/",
        "/accounts/2fa/recovery-codes/",
        "/admin/api/main/documents/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/2fa/reauthenticate/"), url


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
        for method in (client.get, client.head):
            response = method(url)
            assert response.status_code == 302, url
            assert "/accounts/login/?next=" in response["Location"], url


def test_the_form_for_private_pages_is_the_portals_form(client, officer):
    """Wagtail's own form (Django's) would sign in with the password alone,
    past allauth's limit on wrong passwords and its e-mail check."""
    response = client.post(
        "/_util/login/?next=/documents/1/a.pdf",
        {"username": officer.username, "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fdocuments%2F1%2Fa.pdf"
    assert not signed_in(client)


# Spellings the admin's prefix would miss: the requirement no longer
# depends on the address, so each is stopped before any view.
@pytest.mark.parametrize(
    "path", ["/ADMIN/", "/admin%2F", "/en/admin/", "/admin", "/admin/%2e%2e/admin/"]
)
def test_odd_spellings_of_the_admin_ask_for_the_code(client, promoted, path):
    response = client.get(path)

    assert response.status_code == 302
    assert "/accounts/2fa/reauthenticate/?next=" in response["Location"]


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
    asked = client.post("/accounts/login/code/", {"email": officer.email})
    confirmed = client.post("/accounts/login/code/confirm/", {"code": "ABC123"})

    assert asked.status_code == 404
    assert confirmed["Location"].startswith("/accounts/login/")
    assert not mail.outbox
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


def test_an_office_member_with_an_app_cannot_replace_it_with_the_password(
    client, promoted
):
    """Without the code: the password asked again, then setting up an app
    of one's own (open to staff who have none), deactivating theirs, or
    making recovery codes that would stand in for it."""
    officer = promoted

    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    another_app = client.get("/accounts/2fa/totp/activate/")
    assert another_app["Location"] == "/accounts/2fa/totp/deactivate/"
    for url in (
        "/accounts/2fa/totp/deactivate/",
        "/accounts/2fa/recovery-codes/generate/",
    ):
        response = client.post(url)
        assert response["Location"].startswith("/accounts/2fa/reauthenticate/"), url

    assert officer.authenticator_set.filter(type="totp").exists()
    assert not officer.authenticator_set.filter(type="recovery_codes").exists()
