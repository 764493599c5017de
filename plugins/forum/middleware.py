from machina.apps.forum_permission.middleware import (
    ForumPermissionMiddleware as EngineForumPermissionMiddleware,
)


class ForumPermissionMiddleware(EngineForumPermissionMiddleware):
    """The engine's permission checks, attached to forum pages only.

    The engine's own middleware runs on every request and, for a visitor who
    has not signed in, stores a key in a new session: every page of the portal
    would then write a session row and set a cookie. Here it runs only once the
    URL has resolved to one of the engine's views: those of its own modules
    and its search, a view of the search library under the engine's namespace.
    """

    def process_request(self, request):
        return None

    def process_view(self, request, view_func, view_args, view_kwargs):
        engines = getattr(view_func, "__module__", "").startswith("machina.")
        if engines or request.resolver_match.namespace == "forum_search":
            super().process_request(request)
        return None
