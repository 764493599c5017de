"""Who the current request is signed in as, for events noticed far from the
view that caused them (a deletion's signal, a change of a user's groups)."""

from contextvars import ContextVar

_request_user = ContextVar("audit_request_user", default=None)


def current_user():
    """The signed-in user of the request being served, or None outside a
    request and for anonymous visitors."""
    user = _request_user.get()
    if user is None or not user.is_authenticated:
        return None
    return user


class AuditActorMiddleware:
    """Remember ``request.user`` while the request is served. The user stays
    lazy: a request that records nothing loads no one for the log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_user.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            _request_user.reset(token)
