"""Guessing is slowed: signing in, asking for a password reset and
registering are limited per account and per address (allauth's limits,
docs/security.md). The cache that counts is emptied before each test."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.core.conftest import RESIDENT_PASSWORD

pytestmark = pytest.mark.django_db

PASSWORD = RESIDENT_PASSWORD


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, password):
    return client.post(
        reverse("account_login"),
        {"login": "olena@example.org", "password": password},
    )


def signed_in(client):
    return client.get(reverse("account_change_password")).status_code == 200


def test_five_wrong_passwords_lock_the_account_out_even_for_the_right_one(
    client, signing_resident
):
    for _ in range(5):
        assert sign_in(client, "wrong-guess").status_code == 200

    response = sign_in(client, PASSWORD)

    assert not signed_in(client)
    assert response.status_code in (200, 429)


def test_four_wrong_passwords_still_let_the_owner_in(client, signing_resident):
    for _ in range(4):
        sign_in(client, "wrong-guess")

    sign_in(client, PASSWORD)

    assert signed_in(client)


def test_password_resets_for_one_address_stop_after_five(client, signing_resident):
    answers = [
        client.post(
            reverse("account_reset_password"), {"email": "olena@example.org"}
        ).status_code
        for _ in range(6)
    ]

    assert answers[:5] == [302] * 5
    assert answers[5] == 429


def test_registrations_from_one_address_stop_after_twenty(client):
    answers = []
    for number in range(21):
        secret = f"a-new-pass-{number}-xyz"
        answers.append(
            client.post(
                reverse("account_signup"),
                {
                    "email": f"new{number}@example.org",
                    "password1": secret,
                    "password2": secret,
                },
            ).status_code
        )
        client.logout()

    assert 429 not in answers[:20]
    assert answers[20] == 429
