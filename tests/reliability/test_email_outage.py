"""The mail server is down: a notice's e-mail is queued again, not lost, and
reaches the resident exactly once when the server is back.

Django's real SMTP backend talks to 127.0.0.1: first a port where nothing
listens, then a mail server of the test's own (tests/reliability/tiny_smtp.py).
The tasks wait in PostgreSQL and the database worker runs them, as on a city's
single server.
"""

import io
import signal
import socket
import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cms.task_backends import task_backends as backends_for
from plugins.notifications import services
from plugins.notifications.models import Notice, Subscription
from plugins.notifications.resend import RESEND_AFTER, RESEND_WITHIN, resend_unsent
from plugins.notifications.tasks import send_notice_email
from tests.reliability.tiny_smtp import TinySMTPServer


def closed_port():
    """A port on 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """Django's SMTP backend, pointed where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port()
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    return settings


@pytest.fixture
def database_queue(settings):
    """Tasks wait in PostgreSQL; the worker takes back Ctrl-C and SIGTERM."""
    settings.TASKS = backends_for(None)
    names = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    kept = {name: signal.getsignal(name) for name in names}
    yield
    for name, handler in kept.items():
        signal.signal(name, handler)


def run_worker():
    """The database worker runs what is due, then stops."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v", 0)


def waiting_retries():
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY)


def make_retries_due():
    """As if RETRY_AFTER had passed."""
    waiting_retries().update(run_after=timezone.now() - timedelta(seconds=1))


def age(notice, by):
    Notice.objects.filter(pk=notice.pk).update(created_at=timezone.now() - by)


@pytest.mark.django_db(transaction=True)
def test_a_refused_notice_is_queued_again_and_sent_once_the_server_is_back(
    olena, smtp, database_queue
):
    notice = services.notify(olena, "Рахунок за листопад", "Рахунок готовий.")

    run_worker()

    notice.refresh_from_db()
    assert notice.emailed_at is None
    (retry,) = waiting_retries()
    assert retry.args_kwargs["args"] == [notice.pk, 2]
    assert retry.run_after > timezone.now() + timedelta(minutes=4)

    with TinySMTPServer() as server:
        smtp.EMAIL_PORT = server.port
        # Longer than the task's own tries: the sweep queues it again.
        age(notice, RESEND_AFTER + timedelta(minutes=1))
        call_command("resend_notice_emails", stdout=io.StringIO())
        run_worker()

        (message,) = server.messages
        assert message["To"] == "olena@example.test"
        assert message["Subject"] == "Рахунок за листопад"
        assert "Рахунок готовий." in message.get_content()
        notice.refresh_from_db()
        assert notice.emailed_at is not None

        # The task's own retry comes due, and a later sweep runs: neither
        # sends it again.
        make_retries_due()
        run_worker()
        assert resend_unsent() == 0
        run_worker()
        assert len(server.messages) == 1
        assert not waiting_retries().exists()


@pytest.mark.django_db(transaction=True)
def test_the_task_s_own_retry_delivers_when_the_server_returns_in_time(
    olena, smtp, database_queue
):
    notice = services.notify(olena, "Відключення води", "Завтра з 9 до 13.")
    run_worker()
    assert Notice.objects.get(pk=notice.pk).emailed_at is None

    with TinySMTPServer() as server:
        smtp.EMAIL_PORT = server.port
        make_retries_due()
        run_worker()

        assert [m["Subject"] for m in server.messages] == ["Відключення води"]
        assert Notice.objects.get(pk=notice.pk).emailed_at is not None


def test_the_sweep_sends_only_what_is_due_and_wanted(olena, petro, smtp):
    """Immediate tasks, as the suite runs them; a live mail server."""
    due = services.notify(olena, "Нове рішення", "Субсидію призначено.")
    sent = services.notify(olena, "Вже надіслано", "Текст.")
    Notice.objects.filter(pk=sent.pk).update(emailed_at=timezone.now())
    recent = services.notify(olena, "Ще пробує", "Текст.")
    stale = services.notify(olena, "Застаріле", "Текст.")
    unwanted = services.notify(petro, "Без листів", "Текст.")
    Subscription.objects.create(user=petro, email=False)
    for notice in (due, sent, unwanted):
        age(notice, RESEND_AFTER + timedelta(minutes=1))
    age(recent, timedelta(minutes=1))
    age(stale, RESEND_WITHIN + timedelta(hours=1))

    with TinySMTPServer() as server:
        smtp.EMAIL_PORT = server.port
        assert resend_unsent() == 1
        assert resend_unsent() == 0

    assert [m["Subject"] for m in server.messages] == ["Нове рішення"]
    assert Notice.objects.get(pk=due.pk).emailed_at is not None
    assert Notice.objects.get(pk=stale.pk).emailed_at is None


@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_one_notice_at_once_send_it_once(olena, smtp):
    """A retry and a resend run side by side while the mail server is slow."""
    notice = Notice.objects.create(recipient=olena, subject="Рахунок", body="Текст.")
    results = []

    def worker():
        try:
            results.append(send_notice_email.call(notice.pk))
        finally:
            connection.close()

    with TinySMTPServer(delay=1) as server:
        smtp.EMAIL_PORT = server.port
        workers = [threading.Thread(target=worker) for _ in range(2)]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join(30)

    assert sorted(results) == [False, True]
    assert [m["Subject"] for m in server.messages] == ["Рахунок"]


@pytest.mark.django_db(transaction=True)
def test_without_notices_a_message_s_e_mail_is_tried_again(
    olena, petro, smtp, database_queue
):
    """The messaging plugin's own e-mail, used when notifications are off."""
    from plugins.messaging import services as messaging
    from plugins.messaging.tasks import send_new_message_email

    message = messaging.start_conversation(olena, petro, "Привіт, сусіде")
    DBTaskResult.objects.all().delete()
    send_new_message_email.enqueue(message.pk)
    run_worker()
    (retry,) = waiting_retries()
    assert retry.args_kwargs["args"] == [message.pk, 2]

    with TinySMTPServer() as server:
        smtp.EMAIL_PORT = server.port
        make_retries_due()
        run_worker()

    (letter,) = server.messages
    assert letter["To"] == "petro@example.test"
    assert "Олена К." in letter["Subject"]
