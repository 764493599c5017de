"""Test run: fast password hashing, e-mail kept in memory."""

import copy
import os
import uuid

os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from cms.database import REPLICA_MIDDLEWARE  # noqa: E402
from cms.settings.base import *  # noqa: E402, F403 -- a settings module extends the base
from cms.storages import file_storages  # noqa: E402
from cms.task_backends import IMPORTS_QUEUE  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Files stay on disk whatever buckets the environment names; the tests of the
# buckets point STORAGES at moto's in-process S3 themselves.
STORAGES = file_storages()

# One process runs the suite, so sessions may read through its local cache as
# they read through Redis on servers: a page's query count is then the same
# whether or not REDIS_URL is set.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Each run keys the shared Redis apart: a rendition, a used sign-in code or
# a rate limit cached by an earlier run must not answer for this run's rows,
# which reuse the same ids.
RUN_KEY = uuid.uuid4().hex[:12]
for _cache in CACHES.values():  # noqa: F405
    if "redis" in _cache["BACKEND"].lower():
        _cache["KEY_PREFIX"] = f"test-{RUN_KEY}:{_cache.get('KEY_PREFIX', '')}"

# Tasks run at once, inside the test that enqueued them, as they did before
# background work moved to workers: a test sees a task's effect without a
# worker, and CI, which sets REDIS_URL, never leaves work in a Redis no worker
# reads. Billing imports keep the database backend, whose queued rows the
# upload tests look at. The workers themselves are tested in
# tests/notifications/test_workers.py.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "imports": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": [IMPORTS_QUEUE],
    },
}

# Tests measure what rendering a page costs; those of the public page cache
# turn it on themselves.
PUBLIC_PAGE_CACHE_SECONDS = 0

# A "replica" alias for the tests of the replica router (tests/core and
# tests/billing/test_cabinet_replica.py): a second connection to the test
# database, as Django's test mirrors are. The router and its middleware are
# left to those tests, even when DATABASE_REPLICA_URL is set: the rest of the
# suite writes in transactions the second connection cannot see.
if "replica" not in DATABASES:  # noqa: F405
    DATABASES["replica"] = {  # noqa: F405
        **copy.deepcopy(DATABASES["default"]),  # noqa: F405
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = []
MIDDLEWARE = [name for name in MIDDLEWARE if name != REPLICA_MIDDLEWARE]  # noqa: F405
