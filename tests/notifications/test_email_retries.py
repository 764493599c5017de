"""A notice's e-mail goes out once: a failing mail server is tried again, a
task run twice sends nothing more, and a server that never answers is
given up with a log line, never an error for the resident."""

import logging
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail

from plugins.notifications import tasks
from plugins.notifications.models import Notice
from tests.notifications.conftest import make_notice

pytestmark = pytest.mark.django_db


def failing(times, monkeypatch):
    """Make the mail server drop the first ``times`` messages."""
    real = tasks.send_mail
    calls = []

    def flaky(*args, **kwargs):
        calls.append(args)
        if len(calls) <= times:
            raise SMTPServerDisconnected("the mail server went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(tasks, "send_mail", flaky)
    return calls


def test_a_failed_send_is_tried_again_and_goes_out_once(resident, monkeypatch):
    notice = make_notice(resident)
    calls = failing(1, monkeypatch)

    tasks.send_notice_email.enqueue(notice.pk)

    assert len(calls) == 2
    assert [message.subject for message in mail.outbox] == ["Повідомлення 1"]
    notice.refresh_from_db()
    assert notice.emailed_at is not None


def test_a_task_run_again_sends_nothing_twice(resident):
    notice = make_notice(resident)

    tasks.send_notice_email.enqueue(notice.pk)
    tasks.send_notice_email.enqueue(notice.pk)

    assert len(mail.outbox) == 1


def test_a_server_that_never_answers_is_given_up_and_logged(
    resident, monkeypatch, caplog
):
    notice = make_notice(resident)
    calls = failing(99, monkeypatch)

    with caplog.at_level(logging.WARNING, logger="plugins.notifications.tasks"):
        tasks.send_notice_email.enqueue(notice.pk)

    assert len(calls) == tasks.ATTEMPTS
    assert mail.outbox == []
    assert Notice.objects.get(pk=notice.pk).emailed_at is None
    assert f"notice {notice.pk}: e-mail given up after 3 attempts" in caplog.text
