"""How long a sign-in lasts, and that a new password ends the others."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.core.conftest import RESIDENT_PASSWORD

pytestmark = pytest.mark.django_db

PASSWORD = RESIDENT_PASSWORD
NEW_PASSWORD = "new-secret-pass-2"
TWO_WEEKS = 60 * 60 * 24 * 14


def sign_in(client, **extra):
    return client.post(
        reverse("account_login"),
        {"login": "olena@example.org", "password": PASSWORD, **extra},
    )


def signed_in(client):
    """Whether the client may open a page only a signed-in person sees."""
    return client.get(reverse("account_change_password")).status_code == 200


def test_a_remembered_sign_in_lasts_two_weeks(client, signing_resident):
    response = sign_in(client, remember="on")

    assert response.status_code == 302
    assert response.cookies["sessionid"]["max-age"] == TWO_WEEKS


def test_a_sign_in_not_remembered_ends_with_the_browser(client, signing_resident):
    response = sign_in(client)

    assert response.status_code == 302
    assert signed_in(client)
    assert response.cookies["sessionid"]["max-age"] == ""


def test_a_new_password_signs_out_every_other_session(signing_resident):
    laptop, phone = Client(), Client()
    sign_in(laptop)
    sign_in(phone)
    assert signed_in(laptop) and signed_in(phone)

    response = laptop.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert signed_in(laptop)
    assert not signed_in(phone)
