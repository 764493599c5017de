"""What a visitor gets while the database cannot be reached: 503 with a
``Retry-After`` header and a short page in both languages, instead of the
error page that says something broke.

A connection that cannot be made, or one the server dropped, is an outage: it
passes, and a load balancer or a browser may ask again. Any other database
error (a bad query, a broken constraint, a statement cancelled for running
too long) is the portal's own fault and stays a 500.

Two places catch it. ``DatabaseOutageMiddleware`` answers for an error raised
by a view or while its template renders, also with ``DEBUG`` on; ``server_error``
(the project's ``handler500``) answers for one raised in a middleware, such
as the session's, when Django turns it into an error page.

The page is rendered without the request: no context processor runs, so
nothing on it reads the database, the session or the site's settings. The
connection that failed is dropped by Django itself at the end of the request
(``CONN_HEALTH_CHECKS`` with ``CONN_MAX_AGE``, see cms/database.py), so the
first request after the server returns opens a new one.
"""

import logging
import sys

import psycopg
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger(__name__)

#: Seconds a client is asked to wait: a restarted PostgreSQL takes about this
#: long to accept connections again.
RETRY_AFTER_SECONDS = 30

#: SQLSTATEs that mean the server went away or will not take a connection:
#: class 08 (connection exception), an administrator's or a crash's shutdown,
#: a server still starting, and every connection slot taken.
OUTAGE_SQLSTATE_CLASS = "08"
OUTAGE_SQLSTATES = frozenset({"57P01", "57P02", "57P03", "53300"})

#: How far along ``__cause__``/``__context__`` an outage is looked for: an
#: error raised while handling a lost connection is an outage too.
CHAIN_DEPTH = 5


def is_database_outage(error):
    """Whether ``error``, or one it was raised from, says the database
    cannot be reached."""
    return any(is_outage_itself(link) for link in chain_of(error))


def chain_of(error):
    seen = []
    while error is not None and len(seen) < CHAIN_DEPTH and error not in seen:
        seen.append(error)
        error = error.__cause__ or error.__context__
    return seen


def is_outage_itself(error):
    if isinstance(error, (InterfaceError, psycopg.InterfaceError)):
        return True
    if not isinstance(error, (OperationalError, psycopg.OperationalError)):
        return False
    # Django's error wraps the driver's, which carries the server's code; an
    # error raised before any server answered (refused, reset) has none.
    driver_error = error if isinstance(error, psycopg.Error) else error.__cause__
    sqlstate = getattr(driver_error, "sqlstate", None)
    return (
        sqlstate is None
        or sqlstate.startswith(OUTAGE_SQLSTATE_CLASS)
        or sqlstate in OUTAGE_SQLSTATES
    )


def unavailable_response(error):
    """503, asking to come back after RETRY_AFTER_SECONDS, never cached."""
    # The error's text may name the server's address: only its kind is logged.
    logger.warning("database unreachable (%s): answering 503", type(error).__name__)
    response = HttpResponse(
        render_to_string("503.html", {"parts": page_parts()}), status=503
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def page_parts():
    """The page's text in the visitor's language first, then in the other."""
    first = translation.get_language() or settings.LANGUAGE_CODE
    codes = [code for code, _name in settings.LANGUAGES]
    ordered = [first] + [code for code in codes if code != first]
    return [part_in(code) for code in ordered if code in codes]


def part_in(code):
    with translation.override(code):
        return {
            "code": code,
            "title": _("The portal is briefly unavailable"),
            "text": _(
                "The portal cannot reach its records at the moment. "
                "Please try again in a few minutes."
            ),
        }


class DatabaseOutageMiddleware:
    """Answer 503 for a view or template that lost the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            return unavailable_response(exception)
        return None


def server_error(request):
    """The project's 500 handler: 503 when what failed was the database's
    connection, Django's own error page otherwise."""
    error = sys.exc_info()[1]
    if error is not None and is_database_outage(error):
        return unavailable_response(error)
    return defaults.server_error(request)
