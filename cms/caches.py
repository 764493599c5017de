"""Where the cache and the sessions live: in Redis when there is one.

App servers behind one load balancer must share both: a session started on
one server is read on the next, and a page made stale by publishing on one
must be stale on all. Without REDIS_URL the one server keeps its cache in its
own memory and its sessions in PostgreSQL.
"""

REDIS_SESSIONS = "django.contrib.sessions.backends.cached_db"
DATABASE_SESSIONS = "django.contrib.sessions.backends.db"


def cache_settings(redis_url):
    """Django's CACHES for ``redis_url``, or the in-process cache without it."""
    if redis_url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
            }
        }
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def session_engine(redis_url):
    """Sessions read through Redis and kept in PostgreSQL, so that emptying
    the cache signs nobody out; without Redis, PostgreSQL alone."""
    return REDIS_SESSIONS if redis_url else DATABASE_SESSIONS


def attachments_cache_settings(redis_url, folder):
    """Where the forum keeps a post's attached files between its preview and
    its saving: in Redis when there is one, as the next request may reach
    another app server; without it, a folder every web worker of the one
    server reads."""
    if redis_url:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "forum-attachments",
        }
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": folder,
    }
