"""The moderators' screen in the Wagtail admin: reported messages only, never
any other private message, with a way to mark a report handled."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plugins.messaging import services

logger = logging.getLogger(__name__)

VIEW = "messaging.view_report"
CHANGE = "messaging.change_report"


def reports(request):
    """Who may see it: admin users with the view permission on reports (the
    community moderators); others get 403."""
    if not request.user.has_perm(VIEW):
        raise PermissionDenied
    page = Paginator(services.reported_messages(), 30).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "messaging/admin/reports.html",
        {
            "title": _("Reported messages"),
            "page": page,
            "can_handle": request.user.has_perm(CHANGE),
            "handle_url": "messaging_report_handled",
        },
    )


@require_POST
def handle(request, pk):
    """Who may do it: admin users with the change permission on reports."""
    if not request.user.has_perm(CHANGE):
        raise PermissionDenied
    report = get_object_or_404(services.reported_messages(), pk=pk)
    services.mark_handled(report, request.user)
    messages.success(request, _("The report is marked as handled."))
    return redirect("messaging_reports")
