"""A notice's e-mail, sent by the workers that run background work outside the
request: the database worker, and an RQ worker reading the real Redis named
by REDIS_URL (skipped without it)."""

import os
import signal
import uuid

import django_rq
import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django_tasks import TaskResultStatus, task_backends
from django_tasks_db.models import DBTaskResult
from rq import SimpleWorker

from cms.task_backends import RQ_SETTINGS, rq_queues
from cms.task_backends import task_backends as backends_for
from plugins.notifications import services
from plugins.notifications.models import Notice
from plugins.notifications.tasks import send_notice_email
from tests.notifications.conftest import make_notice

REDIS_URL = os.environ.get("REDIS_URL")


@pytest.fixture
def signals_kept():
    """Workers take over Ctrl-C and SIGTERM; give them back to pytest."""
    names = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    kept = {name: signal.getsignal(name) for name in names}
    yield
    for name, handler in kept.items():
        signal.signal(name, handler)


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_sends_a_notice_the_request_only_queued(
    resident, settings, signals_kept
):
    settings.TASKS = backends_for(None)

    notice = services.notify(resident, "Рахунок за листопад", "Рахунок готовий.")

    assert mail.outbox == []
    (queued,) = DBTaskResult.objects.all()
    assert queued.status == TaskResultStatus.READY

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v", 0)

    [message] = mail.outbox
    assert message.to == ["olena@example.org"]
    assert message.subject == "Рахунок за листопад"
    assert Notice.objects.get(pk=notice.pk).emailed_at is not None
    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL
    assert queued.return_value is True


@pytest.fixture
def redis_queue(settings, signals_kept):
    """A queue of its own in the real Redis, on the RQ backend as the settings
    build it; afterwards, only the keys that name it or its jobs are removed."""
    if not REDIS_URL:
        pytest.skip("REDIS_URL is unset: this test needs a Redis server to talk to")
    name = f"test-{uuid.uuid4().hex}"
    settings.RQ = RQ_SETTINGS
    queues = rq_queues(REDIS_URL)
    settings.RQ_QUEUES = {**queues, name: queues["default"]}
    config = backends_for(REDIS_URL)
    config["default"]["QUEUES"].append(name)
    settings.TASKS = config

    queue = django_rq.get_queue(name)
    redis = queue.connection
    created = {"markers": [name]}
    yield queue, created

    # Every key and set member this test made names its queue, its worker
    # (named after the queue) or one of its jobs; the only other, RQ's
    # shared pause between clean-ups of job groups, expires by itself.
    def ours(text):
        text = text.decode() if isinstance(text, bytes) else text
        return any(marker in text for marker in created["markers"])

    for key in redis.scan_iter(match="rq:*", count=1000):
        if ours(key):
            redis.delete(key)
    for shared in ("rq:queues", "rq:workers"):
        for member in redis.smembers(shared):
            if ours(member):
                redis.srem(shared, member)
    assert not any(ours(key) for key in redis.scan_iter(match="rq:*", count=1000))


def work_off(queue):
    """Run every job waiting in ``queue`` here, in this process, then return."""
    worker = django_rq.get_worker(
        queue.name, worker_class=SimpleWorker, name=f"{queue.name}-worker"
    )
    worker.work(burst=True)


@pytest.mark.django_db
def test_an_rq_worker_sends_a_notice_through_redis(
    resident, redis_queue, django_capture_on_commit_callbacks
):
    queue, created = redis_queue
    notice = make_notice(resident)
    task = send_notice_email.using(queue_name=queue.name)

    with django_capture_on_commit_callbacks(execute=True):
        result = task.enqueue(notice.pk)
        created["markers"].append(result.id)
        # Nothing reaches Redis before the notice is committed.
        assert queue.count == 0
    assert queue.job_ids == [result.id]
    assert mail.outbox == []

    work_off(queue)

    [message] = mail.outbox
    assert message.to == ["olena@example.org"]
    assert message.subject == "Повідомлення 1"
    assert Notice.objects.get(pk=notice.pk).emailed_at is not None
    finished = task_backends["default"].get_result(result.id)
    assert finished.status == TaskResultStatus.SUCCESSFUL
    assert finished.return_value is True
    assert queue.count == 0


@pytest.mark.django_db
def test_a_task_asked_for_in_a_rolled_back_transaction_never_reaches_redis(
    resident, redis_queue, django_capture_on_commit_callbacks
):
    queue, created = redis_queue
    notice = make_notice(resident)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        result = send_notice_email.using(queue_name=queue.name).enqueue(notice.pk)
        created["markers"].append(result.id)
        raise RuntimeError("the change is abandoned")

    assert callbacks == []
    assert queue.count == 0
    work_off(queue)
    assert mail.outbox == []
