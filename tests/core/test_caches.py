"""App servers share the cache and the sessions through Redis when one is
named, and keep them to themselves without it."""

import pytest
import redis
from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core.cache import cache

from cms.caches import attachments_cache_settings, cache_settings, session_engine

URL = "redis://127.0.0.1:6379/9"


def test_with_redis_the_cache_and_sessions_go_there():
    assert cache_settings(URL)["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": URL,
    }
    assert session_engine(URL) == "django.contrib.sessions.backends.cached_db"


def test_without_redis_each_server_keeps_its_own():
    backend = cache_settings(None)["default"]["BACKEND"]

    assert backend == "django.core.cache.backends.locmem.LocMemCache"
    assert session_engine(None) == "django.contrib.sessions.backends.db"


def test_forum_attachments_wait_where_every_app_server_finds_them():
    shared = attachments_cache_settings(URL, "/var/portal/forum-attachments")
    alone = attachments_cache_settings(None, "/var/portal/forum-attachments")

    assert shared["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert shared["LOCATION"] == URL
    # Their own keys, apart from the pages and sessions in the same database.
    assert shared["KEY_PREFIX"] == "forum-attachments"
    assert alone == {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": "/var/portal/forum-attachments",
    }


@pytest.mark.django_db
@pytest.mark.skipif(not settings.REDIS_URL, reason="REDIS_URL names no Redis")
def test_a_session_is_readable_from_redis_by_another_server():
    """What one app server saved, another finds in the shared Redis."""
    session = SessionStore()
    session["dwelling"] = 42
    session.create()
    key = cache.make_key(session.cache_key)

    stored = redis.Redis.from_url(settings.REDIS_URL).exists(key)
    elsewhere = SessionStore(session_key=session.session_key)

    try:
        assert stored == 1
        assert elsewhere["dwelling"] == 42
    finally:
        session.delete()
