# ruff: noqa: F811 -- the outage fixtures are used by name
"""The mail server is down when a resident asks to reset a password: the page
still says the message is on its way, and the message arrives once the
server is back. The tasks wait in PostgreSQL and the worker runs them."""

import pytest
from allauth.account.models import EmailAddress

from tests.reliability.test_email_outage import (  # noqa: F401
    database_queue,
    make_retries_due,
    run_worker,
    smtp,
    waiting_retries,
)
from tests.reliability.tiny_smtp import TinySMTPServer


@pytest.fixture
def olena(django_user_model):
    user = django_user_model.objects.create_user(
        username="olena", email="olena@example.org", password="a-long-secret-1"
    )
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


def ask_for_a_reset(client):
    return client.post(
        "/accounts/password/reset/", {"email": "olena@example.org"}, follow=True
    )


@pytest.mark.django_db(transaction=True)
def test_a_reset_asked_while_the_server_is_down_arrives_once_it_is_back(
    client,
    olena,
    smtp,
    database_queue,
):
    asked = ask_for_a_reset(client)

    assert asked.status_code == 200
    assert asked.redirect_chain[-1][0] == "/accounts/password/reset/done/"
    (retry,) = waiting_retries()

    with TinySMTPServer() as server:
        smtp.EMAIL_PORT = server.port
        make_retries_due()
        run_worker()

        (message,) = server.messages
        assert message["To"] == "olena@example.org"
        assert "/accounts/password/reset/key/" in message.get_body().get_content()

        make_retries_due()
        run_worker()
        assert len(server.messages) == 1
        assert not waiting_retries().exists()


def test_a_reset_asked_while_the_server_works_is_sent_at_once(
    client,
    olena,
    smtp,
    database_queue,
):
    with TinySMTPServer() as server:
        smtp.EMAIL_PORT = server.port
        ask_for_a_reset(client)

        assert [m["To"] for m in server.messages] == ["olena@example.org"]
    assert not waiting_retries().exists()


def test_the_message_is_given_up_after_its_last_attempt(smtp, caplog):
    from cms.users.account_mail import ATTEMPTS, send_account_email

    parts = {
        "subject": "Скидання пароля",
        "body": "Посилання",
        "from_email": "portal@example.org",
        "to": ["olena@example.org"],
        "alternatives": [],
        "content_subtype": "plain",
    }

    assert send_account_email.call(parts, "password_reset_key", ATTEMPTS) is False
    assert "given up after 6 attempts" in caplog.text
    assert "olena@example.org" not in caplog.text
