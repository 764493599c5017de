"""The office's panel on the admin dashboard: what waits to be taken, what is
in review with me, and the latest of them."""

from django.db.models import Count, Q
from django.urls import reverse
from wagtail.admin.ui.components import Component

from plugins.subsidies import access
from plugins.subsidies.choices import ApplicationStatus as Status
from plugins.subsidies.office.names import applicant_names

LATEST_SHOWN = 5
INDEX_URL = "subsidies_applications_modeladmin_index"
INSPECT_URL = "subsidies_applications_modeladmin_inspect"


class OfficePanel(Component):
    """Shown to the social-protection office (the view permission on
    applications) only; see ``wagtail_hooks``."""

    name = "subsidy_applications"
    template_name = "subsidies/admin/dashboard_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        waiting = Q(status=Status.SUBMITTED)
        mine = Q(status=Status.IN_REVIEW, assignee=user)
        sent = access.office_applications(user)
        counts = sent.aggregate(
            waiting=Count("pk", filter=waiting), mine=Count("pk", filter=mine)
        )
        latest = (
            sent.filter(waiting | mine)
            .annotate(applicant_full_name=applicant_names())
            .order_by("-submitted_at")[:LATEST_SHOWN]
        )
        queue = reverse(INDEX_URL)
        return {
            "waiting": counts["waiting"],
            "mine": counts["mine"],
            "waiting_url": f"{queue}?status={Status.SUBMITTED.value}",
            "mine_url": f"{queue}?status={Status.IN_REVIEW.value}&assignee=mine",
            "latest": [
                {
                    "application": application,
                    "url": reverse(INSPECT_URL, args=[application.pk]),
                }
                for application in latest
            ],
        }
