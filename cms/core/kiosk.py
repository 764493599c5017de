"""The kiosk in the administrative services centre: the portal under a host
name of its own (KIOSK_HOSTS), where anyone registers, reads and prints for
free, and the next visitor never finds the last one's session.

On the kiosk a session lasts KIOSK_IDLE_SECONDS after the last request,
whatever "remember me" said; the page warns KIOSK_WARNING_SECONDS before and
then finishes the session by itself (themes/kiosk/static/kiosk/kiosk.js).
"""

import logging

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import DisallowedHost
from django.http.request import split_domain_port
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

logger = logging.getLogger(__name__)


def is_kiosk(request):
    """Whether the request came to the kiosk's host name."""
    if not settings.KIOSK_HOSTS:
        return False
    try:
        host, _port = split_domain_port(request.get_host())
    except DisallowedHost:
        return False
    return host in settings.KIOSK_HOSTS


class KioskMiddleware:
    """On the kiosk, a signed-in session ends after the idle time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and is_kiosk(request):
            request.session.set_expiry(settings.KIOSK_IDLE_SECONDS)
        return self.get_response(request)


def kiosk_context(request):
    """The kiosk's timings for its pages, or nothing off the kiosk."""
    if not is_kiosk(request):
        return {}
    return {
        "KIOSK": {
            "idle": settings.KIOSK_IDLE_SECONDS,
            "warning": settings.KIOSK_WARNING_SECONDS,
            "has_session": not request.session.is_empty(),
        }
    }


@require_POST
def finish(request):
    """End the visitor's session and return to the home page.

    Who may do it: anyone, for their own session.
    """
    was_signed_in = request.user.is_authenticated
    logout(request)
    request.session.flush()
    if was_signed_in:
        logger.info("kiosk session finished")
    return redirect("/")
