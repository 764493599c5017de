"""Background work waits in PostgreSQL, or in Redis once REDIS_URL names one,
and every task of the portal and of Wagtail fits the backend it is sent to."""

import pytest
from django.utils.module_loading import import_string
from django_tasks_db import DatabaseBackend
from django_tasks_rq import RQBackend

from cms.task_backends import RQ_SETTINGS, rq_queues, task_backends

REDIS = "redis://127.0.0.1:6379/5"

#: Every task the portal and the packages it runs define, by path.
TASKS = [
    "plugins.billing.tasks.run_billing_import",
    "plugins.notifications.tasks.send_notice_email",
    "plugins.messaging.tasks.send_new_message_email",
    "search.tasks.refresh_index",
    "wagtail.tasks.update_reference_index_task",
    "wagtail.tasks.delete_file_from_storage_task",
    "wagtail.images.tasks.set_image_focal_point_task",
    "modelsearch.tasks.insert_or_update_object_task",
]


def backends(config):
    return {
        alias: import_string(params["BACKEND"])(alias, params)
        for alias, params in config.items()
    }


def test_without_redis_the_work_waits_in_the_database():
    built = backends(task_backends(None))

    assert set(built) == {"default", "imports"}
    assert all(type(backend) is DatabaseBackend for backend in built.values())
    assert built["default"].queues == {"default"}
    assert built["imports"].queues == {"imports"}


def test_with_redis_the_work_waits_in_redis_for_rq(settings):
    settings.RQ_QUEUES = rq_queues(REDIS)
    settings.RQ = RQ_SETTINGS

    built = backends(task_backends(REDIS))

    assert all(type(backend) is RQBackend for backend in built.values())
    assert built["default"].queues == {"default"}
    assert built["imports"].queues == {"imports"}
    # The system check finds every queue the backends name in RQ_QUEUES.
    assert [m for backend in built.values() for m in backend.check()] == []


def test_every_rq_queue_is_in_the_named_redis_and_lets_an_import_run_for_hours():
    queues = rq_queues(REDIS)

    assert {config["URL"] for config in queues.values()} == {REDIS}
    assert queues["imports"]["DEFAULT_TIMEOUT"] >= 60 * 60
    # RQ stops a job after three minutes unless told otherwise.
    assert queues["default"]["DEFAULT_TIMEOUT"] > 180


@pytest.mark.parametrize("redis_url", [None, REDIS])
@pytest.mark.parametrize("path", TASKS)
def test_every_task_fits_the_backend_it_is_sent_to(path, redis_url, settings):
    settings.RQ_QUEUES = rq_queues(REDIS)
    task = import_string(path)
    backend = backends(task_backends(redis_url))[task.backend]

    # Raises when the task's queue is not one of the backend's.
    backend.validate_task(task)


def test_billing_imports_never_wait_in_the_e_mail_queue():
    task = import_string("plugins.billing.tasks.run_billing_import")

    assert (task.backend, task.queue_name) == ("imports", "imports")
