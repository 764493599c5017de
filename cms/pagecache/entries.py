"""Cached responses: their key, and storing and reading them back."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language_from_path

from cms.pagecache import tags

_ENTRY_PREFIX = "pagecache:entry:"
#: Set on every response served from the cache, for operators and tests.
HIT_HEADER = "X-Page-Cache"


@dataclass
class Rendering:
    """A page about to be rendered for the cache, with the versions of its
    tags taken before it was."""

    page: object
    versions: dict


def request_key(request):
    """The cache key of the response to this request: everything the response
    depends on besides the tags' versions."""
    language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    parts = [
        request.scheme,
        request.get_host().lower(),
        language,
        request.path,
        request.META.get("QUERY_STRING", ""),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"{_ENTRY_PREFIX}{digest}"


def load(key):
    """The cached response under ``key`` while none of its tags went stale."""
    entry = cache.get(key)
    if entry is None:
        return None
    if tags.current_versions(list(entry["versions"])) != entry["versions"]:
        return None

    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    response[HIT_HEADER] = "hit"
    return response


def store(key, rendering, response, expires=None):
    """Keep ``response`` under ``key`` for the time-to-live, or until
    ``expires`` when that comes first."""
    timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
    if expires is not None:
        timeout = min(timeout, int((expires - timezone.now()).total_seconds()))
    if timeout <= 0:
        return

    entry = {
        "versions": rendering.versions,
        "status": response.status_code,
        "headers": list(response.items()),
        "content": response.content,
    }
    cache.set(key, entry, timeout)
