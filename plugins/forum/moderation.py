"""The moderators' screen in the Wagtail admin: reported forum posts, each with
a link to its place in the forum, where the engine's moderation tools are."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plugins.forum import reports
from plugins.forum.links import post_url

VIEW = "portal_forum.view_postreport"
CHANGE = "portal_forum.change_postreport"
PAGE_SIZE = 30


def reported_posts(request):
    """Who may see it: admin users with the view permission on post reports
    (the community moderators); others get 403."""
    if not request.user.has_perm(VIEW):
        raise PermissionDenied
    page = Paginator(reports.for_moderators(), PAGE_SIZE).get_page(request.GET.get("p"))
    for report in page:
        report.post_link = post_url(report.post)
    return TemplateResponse(
        request,
        "portal_forum/admin/reports.html",
        {
            "title": _("Reported forum posts"),
            "page": page,
            "can_handle": request.user.has_perm(CHANGE),
            "handle_url": "forum_post_report_handled",
        },
    )


@require_POST
def handle(request, pk):
    """Who may do it: admin users with the change permission on post reports."""
    if not request.user.has_perm(CHANGE):
        raise PermissionDenied
    report = get_object_or_404(reports.for_moderators(), pk=pk)
    reports.mark_handled(report, request.user)
    messages.success(request, _("The report is marked as handled."))
    return redirect("forum_post_reports")
