"""Where background work waits: in PostgreSQL, or in Redis when there is one.

Both task backends keep their work out of the request. Without REDIS_URL the
work waits as rows in the portal's own database for ``manage.py db_worker``;
with it, it waits in Redis for RQ's workers (``manage.py rqworker``), so a
city that has grown past one machine keeps the queue off its busiest server.

Each backend has a queue of its own, so a worker of one never takes the
other's work: billing imports run for minutes and need a large PostgreSQL
session, e-mail and index refreshes take a moment.
"""

#: Wagtail's and the portal's small jobs: notices' e-mail, index refreshes,
#: the admin's reference index, deleting a removed image's files.
DEFAULT_QUEUE = "default"

#: Providers' billing exports (plugins.billing.tasks).
IMPORTS_QUEUE = "imports"

#: How long RQ lets one job of each queue run before it stops it: a refresh
#: of a whole search type of a large city takes minutes; an import of two
#: million rows, with its checks, most of an hour.
RQ_TIMEOUTS = {DEFAULT_QUEUE: 30 * 60, IMPORTS_QUEUE: 4 * 60 * 60}


def task_backends(redis_url):
    """Django's TASKS: the database backend, or RQ when ``redis_url`` is set."""
    if redis_url:
        backend = "django_tasks_rq.RQBackend"
    else:
        backend = "django_tasks_db.DatabaseBackend"
    return {
        "default": {"BACKEND": backend, "QUEUES": [DEFAULT_QUEUE]},
        "imports": {"BACKEND": backend, "QUEUES": [IMPORTS_QUEUE]},
    }


def rq_queues(redis_url):
    """django-rq's RQ_QUEUES: every queue the backends name, in ``redis_url``."""
    return {
        name: {"URL": redis_url, "DEFAULT_TIMEOUT": timeout}
        for name, timeout in RQ_TIMEOUTS.items()
    }


#: django-rq's RQ setting. A worker runs a job through the job class that
#: calls the task the way django-tasks expects; the queue class holds a job
#: back until the transaction that asked for it commits (cms.core.rq).
RQ_SETTINGS = {
    "JOB_CLASS": "django_tasks_rq.Job",
    "QUEUE_CLASS": "cms.core.rq.CommittedQueue",
}
