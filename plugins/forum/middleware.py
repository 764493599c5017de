from machina.apps.forum_permission.middleware import (
    ForumPermissionMiddleware as EngineForumPermissionMiddleware,
)


class ForumPermissionMiddleware(EngineForumPermissionMiddleware):
    """The engine's permission checks, attached to forum pages only.

    The engine's own middleware runs on every request and, for a visitor who
    has not signed in, stores a key in a new session: every page of the portal
    would then write a session row and set a cookie. Here it runs only once the
    URL has resolved to a page in the engine's frame: the engine's own views,
    its search (a view of the search library under the engine's namespace)
    and the plugin's own pages.
    """

    framed = ("machina.", "plugins.forum.")

    def process_request(self, request):
        return None

    def process_view(self, request, view_func, view_args, view_kwargs):
        framed = getattr(view_func, "__module__", "").startswith(self.framed)
        if framed or request.resolver_match.namespace == "forum_search":
            super().process_request(request)
        return None
