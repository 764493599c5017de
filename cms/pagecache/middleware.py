from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import DisallowedHost
from django.utils.cache import cc_delim_re

from cms.core.health import HEALTH_PATH
from cms.pagecache import dependencies, entries

#: A response with one of these in Cache-Control is meant for one visitor.
PRIVATE_DIRECTIVES = {"private", "no-cache", "no-store"}


class PublicPageCacheMiddleware:
    """Serve public pages to anonymous visitors from the cache, and keep the
    pages rendered for them there (see :mod:`cms.pagecache`).

    Placed right after SecurityMiddleware: a hit skips the session, language,
    CSRF and authentication steps, which an anonymous page does not need.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = cache_key_for(request)
        if key is not None:
            cached = entries.load(key)
            if cached is not None:
                return cached
            # The before_serve_page hook fills the cache only for a request
            # that carries its key.
            request.page_cache_key = key

        response = self.get_response(request)

        rendering = getattr(request, "page_cache_rendering", None)
        if rendering is not None and is_public_response(request, response):
            context = getattr(response, "context_data", None)
            if dependencies.keeps(rendering.page, context):
                expires = dependencies.expires_at(rendering.page, context)
                entries.store(key, rendering, response, expires)
        return response


def cache_key_for(request):
    """The cache key when the request may be answered from the cache: a GET
    from a visitor who has no session (so has not signed in) and no message
    waiting; else None."""
    if settings.PUBLIC_PAGE_CACHE_SECONDS <= 0 or request.method != "GET":
        return None
    # The load balancer's check must reach the view even when the cache is
    # down, and its answer must be fresh.
    if request.path_info == f"/{HEALTH_PATH}":
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    if CookieStorage.cookie_name in request.COOKIES:
        return None
    try:
        return entries.request_key(request)
    except DisallowedHost:
        # The rest of the stack answers an unknown host as it always does.
        return None


def is_public_response(request, response):
    """Whether the response is the same for every anonymous visitor."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # A CSRF token was rendered: the page holds this visitor's secret.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    directives = cc_delim_re.split(response.get("Cache-Control", "").lower())
    return not PRIVATE_DIRECTIVES.intersection(d.split("=")[0] for d in directives)
