"""The office's screens for subsidy applications, built with wagtail-modeladmin:
the queue, an application's screen and the steps staff take on it.

The office sees sent applications only, never a resident's draft. Nobody adds,
edits or deletes an application here: the resident's data stays theirs, and
staff change an application only through the steps in ``actions``.
"""

from django.contrib.admin import display
from django.contrib.auth import get_permission_codename
from django.urls import re_path
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin

from plugins.subsidies import access
from plugins.subsidies.models import SubsidyApplication
from plugins.subsidies.office.actions import ACTION_VIEWS
from plugins.subsidies.office.filters import (
    AssigneeFilter,
    SentFilter,
    StatusFilter,
    StreetFilter,
)
from plugins.subsidies.office.names import applicant_names, person_name
from plugins.subsidies.office.queue import (
    ApplicantOrAddressSearch,
    OfficePermissionHelper,
    QueueView,
)
from plugins.subsidies.office.screen import ApplicationScreen


class SubsidyApplicationAdmin(ModelAdmin):
    model = SubsidyApplication
    base_url_path = "subsidies/applications"
    menu_label = _("Subsidies")
    menu_icon = "form"
    menu_order = 250
    add_to_admin_menu = True
    inspect_view_enabled = True
    history_view_enabled = False
    permission_helper_class = OfficePermissionHelper
    search_handler_class = ApplicantOrAddressSearch
    index_view_class = QueueView
    inspect_view_class = ApplicationScreen
    index_template_name = "subsidies/admin/queue.html"
    list_display = ("number", "applicant_name", "address", "status", "sent", "handler")
    list_filter = (
        StatusFilter,
        ("submitted_at", SentFilter),
        AssigneeFilter,
        StreetFilter,
    )
    list_select_related = ("applicant", "assignee")
    list_per_page = 50
    ordering = ("-submitted_at",)

    def get_queryset(self, request):
        return (
            access.office_applications(request.user)
            .annotate(applicant_full_name=applicant_names())
            .order_by(*self.ordering)
        )

    def get_search_fields(self, request):
        # The search handler knows what it searches; naming it here keeps the
        # search box on the page.
        return ("applicant", "address")

    @display(description=_("number"), ordering="pk")
    def number(self, application):
        return f"№ {application.pk}"

    @display(description=_("applicant"))
    def applicant_name(self, application):
        return application.applicant_full_name or person_name(application.applicant)

    @display(description=_("address"))
    def address(self, application):
        return application.prefill.get("address", "")

    @display(description=_("sent"), ordering="submitted_at")
    def sent(self, application):
        return date_format(localtime(application.submitted_at), "SHORT_DATETIME_FORMAT")

    @display(description=_("handled by"), ordering="assignee__last_name")
    def handler(self, application):
        return person_name(application.assignee)

    def get_permissions_for_registration(self):
        # Only viewing and changing mean anything here; see the module's note.
        codenames = [
            get_permission_codename(action, self.opts) for action in ("view", "change")
        ]
        return super().get_permissions_for_registration().filter(codename__in=codenames)

    def action_view(self, name):
        def view(request, instance_pk):
            view_class = ACTION_VIEWS[name]
            return view_class.as_view(model_admin=self, instance_pk=instance_pk)(
                request
            )

        return view

    def get_admin_urls_for_registration(self):
        # The queue, an application's screen and each step: no add, edit or
        # delete URL exists to be guessed.
        helper = self.url_helper
        screens = {"index": self.index_view, "inspect": self.inspect_view}
        screens.update({name: self.action_view(name) for name in ACTION_VIEWS})
        return [
            re_path(
                helper.get_action_url_pattern(name),
                view,
                name=helper.get_action_url_name(name),
            )
            for name, view in screens.items()
        ]
