"""Whether this application server can do its work: the answer a load
balancer asks for before it sends visitors here.

Three parts are checked, each as cheaply as it can be: the database answers a
query, the cache keeps a key for a moment, and the task queue's store answers
(the task table in PostgreSQL, or Redis for RQ). Nothing is written to the
database, no session is started, and the answer says only which part is up:
never an exception's text, an address or a name from the data.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks import task_backends

logger = logging.getLogger(__name__)

#: Where the load balancer asks, outside the language prefixes; the public
#: page cache never answers for it (cms/pagecache/middleware.py).
HEALTH_PATH = "health/"

OK = "ok"
FAILING = "failing"

#: Long enough for the read that follows the write, short enough that the
#: keys of a busy health check never pile up.
CACHE_KEY_SECONDS = 5


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    # A key of its own per check: two servers asking at once must not read
    # each other's value.
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "1", CACHE_KEY_SECONDS)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not keep a key")
    cache.delete(key)


def check_task_queue():
    """Every configured task backend's store answers; a backend that runs
    tasks at once (in tests) has none to ask."""
    for backend in task_backends.all():
        check_task_backend(backend)


def check_task_backend(backend):
    from django_tasks_db import DatabaseBackend
    from django_tasks_rq import RQBackend

    if isinstance(backend, DatabaseBackend):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()
    elif isinstance(backend, RQBackend):
        import django_rq

        for queue in backend.queues:
            django_rq.get_connection(queue).ping()


# TODO: a Redis or database that takes the connection but never answers
# holds the check until the client's socket gives up (no timeout is set for
# the cache's or RQ's Redis); the load balancer's own timeout must bound it,
# and reads that as a failure too.
CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "task_queue": check_task_queue,
}


def run_checks():
    """Each part's name with ``ok`` or ``failing``."""
    return {name: outcome(name, check) for name, check in CHECKS.items()}


def outcome(name, check):
    try:
        check()
    except Exception:
        # The log keeps the cause for the operator; the answer never does.
        logger.warning("health check: %s is failing", name, exc_info=True)
        return FAILING
    return OK


@never_cache
@require_safe
def health(request):
    """Say whether the database, the cache and the task queue answer.

    Who may see it: anyone, without signing in. It tells only which part is
    up or down, 200 when all are and 503 when any is not, for a load balancer
    to take this server out of rotation.
    """
    parts = run_checks()
    healthy = all(state == OK for state in parts.values())
    status = OK if healthy else FAILING
    return JsonResponse({"status": status, **parts}, status=200 if healthy else 503)
