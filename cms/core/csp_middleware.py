"""django-csp's middleware with the admin's wider policy (cms/core/content_policy.py)."""

from csp.middleware import CSPMiddleware

from cms.core.content_policy import ADMIN_ADDITIONS, ADMIN_PREFIX, ADMIN_REPLACEMENTS


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's wider policy under /admin/.

    Wagtail renders a preview by passing a request of its own, for the page's
    public address, through the middleware; that page is then shown in the
    admin's frame, so it may be framed, under the public policy otherwise.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts

        in_admin = request.path_info.startswith(ADMIN_PREFIX)
        if in_admin or getattr(request, "is_dummy", False):
            parts.replace = {**ADMIN_REPLACEMENTS, **(parts.replace or {})}
        if in_admin:
            parts.update = {**ADMIN_ADDITIONS, **(parts.update or {})}
        return parts
