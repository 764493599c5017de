"""Guessing is slowed: signing in, asking for a password reset and
registering are limited per account and per address (allauth's limits,
docs/security.md). The cache that counts is emptied before each test."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
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


HELD_BACK = "Занадто багато невдалих спроб входу. Спробуйте ще раз пізніше."


def neighbours(django_user_model, count):
    """``count`` residents with verified addresses, each with a password."""
    emails = []
    for number in range(count):
        email = f"neighbour{number}@example.org"
        user = django_user_model.objects.create_user(
            username=f"neighbour{number}", email=email, password=PASSWORD
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        emails.append(email)
    return emails


def sign_in_as(client, email, password, address="203.0.113.7"):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=address,
    )


def test_ten_failed_sign_ins_from_one_address_hold_it_back_for_every_account(
    client, django_user_model, signing_resident
):
    # One wrong password for each of ten accounts: no account reaches its own
    # limit of five, the address reaches its limit of ten a minute.
    for email in neighbours(django_user_model, 10):
        assert HELD_BACK not in sign_in_as(client, email, "wrong-guess").text

    held = sign_in_as(client, "olena@example.org", PASSWORD)

    assert HELD_BACK in held.text
    assert not signed_in(client)


def test_another_address_signs_in_while_one_is_held_back(
    client, django_user_model, signing_resident
):
    for email in neighbours(django_user_model, 10):
        sign_in_as(client, email, "wrong-guess")

    sign_in_as(client, "olena@example.org", PASSWORD, address="198.51.100.20")

    assert signed_in(client)


def test_nine_failed_sign_ins_from_one_address_still_let_the_tenth_person_in(
    client, django_user_model, signing_resident
):
    for email in neighbours(django_user_model, 9):
        sign_in_as(client, email, "wrong-guess")

    sign_in_as(client, "olena@example.org", PASSWORD)

    assert signed_in(client)


def test_guessing_password_reset_links_from_one_address_stops_after_twenty(client):
    # The link's key cannot be guessed; the limit keeps anyone from trying.
    url = reverse(
        "account_reset_password_from_key", kwargs={"uidb36": "4", "key": "set-x"}
    )
    answers = [
        client.post(
            url,
            {"password1": "a-new-pass-xyz", "password2": "a-new-pass-xyz"},
            REMOTE_ADDR="203.0.113.7",
        ).status_code
        for _ in range(21)
    ]

    assert 429 not in answers[:20]
    assert answers[20] == 429


def test_a_confirmation_e_mail_is_sent_once_within_three_minutes(client):
    secret = "a-new-pass-9-xyz"
    client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": secret, "password2": secret},
    )
    client.logout()

    # An unconfirmed address signing in would be sent another link; not yet.
    again = client.post(
        reverse("account_login"), {"login": "new@example.org", "password": secret}
    )

    assert again.status_code == 302
    assert [message.to for message in mail.outbox] == [["new@example.org"]]
