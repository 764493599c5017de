"""The billing plugin's admin screens: the record of every export received.

Imports are read-only here; they are applied or rejected by
``services.import_billing_export`` and never edited afterwards. Only superusers
and people given "Can view billing import" see them: residents' names and
addresses in the errors are no business of the content editors.
"""

from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from plugins.billing import (
    disputes,
    grants_export,
    views_bill_runs,
    views_disputes,
    views_grants,
    views_imports,
    views_readings,
)
from plugins.billing.admin_meters import MeterViewSet
from plugins.billing.choices import ImportStatus
from plugins.billing.models import BillingImport, ProviderStaff
from plugins.billing.staff import staff_providers

IN_PROGRESS = {ImportStatus.QUEUED, ImportStatus.RUNNING}


class BillingImportIndexView(IndexView):
    # Seeing the list needs the view permission itself, not any permission on
    # the model as Wagtail's default would allow.
    any_permission_required = ["view"]
    results_template_name = "billing/admin/billing_import_index_results.html"

    def get_base_queryset(self):
        # Files name payers and addresses: staff see their providers' only.
        return (
            super()
            .get_base_queryset()
            .filter(provider__in=staff_providers(self.request.user))
        )


class BillingImportInspectView(InspectView):
    any_permission_required = ["view"]

    def get_object(self, queryset=None):
        imports = BillingImport.objects.filter(
            provider__in=staff_providers(self.request.user)
        )
        return get_object_or_404(imports, pk=unquote(str(self.kwargs["pk"])))

    def get_new_accounts_display_value(self):
        return _("yes") if self.object.new_accounts else _("no")

    def get_created_at_display_value(self):
        # Wagtail's inspect view prints the stored UTC time; the list shows the
        # local one, and the two must agree.
        return date_format(localtime(self.object.created_at), "DATETIME_FORMAT")

    def get_month_display_value(self):
        # The import's month, when the uploader named one: "листопад 2026".
        if self.object.month is None:
            return "—"
        return date_format(self.object.month, "YEAR_MONTH_FORMAT")

    def get_created_by_display_value(self):
        # Imports from the management command have no uploader.
        return self.object.created_by or "—"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["in_progress"] = self.object.status in IN_PROGRESS
        context["import_errors"] = self.object.errors
        # Only the first errors of a file are kept; the rest are counted.
        context["more_errors"] = max(
            self.object.error_count - len(self.object.errors), 0
        )
        return context


class BillingImportViewSet(ModelViewSet):
    """The list of imports, newest first, and each import with its errors."""

    model = BillingImport
    icon = "doc-full"
    add_to_admin_menu = True
    index_view_class = BillingImportIndexView
    inspect_view_class = BillingImportInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "created_at",
        "provider",
        "file_name",
        "status",
        "rows",
        "rows_changed",
    ]
    list_filter = ["status", "provider"]
    inspect_view_fields = [
        "created_at",
        "provider",
        "file_name",
        "format_name",
        "month",
        "new_accounts",
        "status",
        "rows",
        "rows_changed",
        "error_count",
        "created_by",
        "sha256",
    ]
    inspect_template_name = "billing/admin/billing_import_inspect.html"

    def get_common_view_kwargs(self, **kwargs):
        # "Add" is the upload; no edit, delete, history or usage screens exist.
        return super().get_common_view_kwargs(
            **{
                "add_url_name": self.get_url_name("upload"),
                "edit_url_name": None,
                "delete_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("upload/", views_imports.upload_import, name="upload"),
        ]

    def get_permissions_to_register(self):
        # "View" the log and "add" (upload) can be granted to a group; imports
        # are never edited or deleted.
        codenames = [
            get_permission_codename(action, self.model_opts)
            for action in ("view", "add")
        ]
        return super().get_permissions_to_register().filter(codename__in=codenames)


@hooks.register("register_admin_viewset")
def register_billing_imports():
    return BillingImportViewSet("billing_imports")


# Meter readings: staff with the export permission download a provider's month.
@hooks.register("register_admin_urls")
def register_readings_export_url():
    return [
        path(
            "billing/readings-export/",
            views_readings.export_readings_admin,
            name="billing_readings_export",
        )
    ]


class ReadingsExportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views_readings.EXPORT_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_readings_export_menu_item():
    return ReadingsExportMenuItem(
        _("Export meter readings"),
        reverse("billing_readings_export"),
        icon_name="download",
        order=900,
    )


@hooks.register("register_permissions")
def register_readings_export_permission():
    return Permission.objects.filter(
        content_type__app_label="billing", codename="export_meterreading"
    )


# Subsidy decisions: staff with the export permission download a provider's month.
@hooks.register("register_admin_urls")
def register_grants_export_url():
    return [
        path(
            "billing/subsidies-export/",
            views_grants.export_grants_admin,
            name="billing_grants_export",
        )
    ]


class GrantsExportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(grants_export.EXPORT_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_grants_export_menu_item():
    return GrantsExportMenuItem(
        _("Export subsidy decisions"),
        reverse("billing_grants_export"),
        icon_name="download",
        order=905,
    )


@hooks.register("register_permissions")
def register_grants_export_permission():
    return Permission.objects.filter(
        content_type__app_label="billing", codename="export_subsidygrant"
    )


# Disputes of charges: provider staff answer their providers' disputes.
@hooks.register("register_admin_urls")
def register_disputes_urls():
    return [
        path(
            "billing/disputes/", views_disputes.disputes_admin, name="billing_disputes"
        ),
        path(
            "billing/disputes/<int:dispute_id>/",
            views_disputes.dispute_answer_admin,
            name="billing_dispute_answer",
        ),
    ]


class DisputesMenuItem(MenuItem):
    def is_shown(self, request):
        return disputes.is_staff_member(request.user)


@hooks.register("register_admin_menu_item")
def register_disputes_menu_item():
    return DisputesMenuItem(
        _("Charge disputes"), reverse("billing_disputes"), icon_name="help", order=910
    )


class ProviderStaffViewSet(ModelViewSet):
    """Who answers which provider's disputes. Model permissions decide access,
    so administrators keep it unless they grant it to a group."""

    model = ProviderStaff
    icon = "group"
    add_to_admin_menu = True
    menu_order = 910
    form_fields = ["user", "provider"]
    list_display = ["user", "provider"]
    list_filter = ["provider"]


@hooks.register("register_admin_viewset")
def register_provider_staff():
    return ProviderStaffViewSet("provider_staff")


@hooks.register("register_admin_viewset")
def register_meters():
    return MeterViewSet("meters")


# Month-end bills: billing staff watch the runs and start one for a month.
@hooks.register("register_admin_urls")
def register_bill_runs_urls():
    return [
        path(
            "billing/bills/", views_bill_runs.bill_runs_admin, name="billing_bill_runs"
        ),
        path(
            "billing/bills/<int:run_id>/",
            views_bill_runs.bill_run_admin,
            name="billing_bill_run",
        ),
    ]


class BillRunsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views_bill_runs.VIEW_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_bill_runs_menu_item():
    return BillRunsMenuItem(
        _("Month-end bills"),
        reverse("billing_bill_runs"),
        icon_name="doc-full",
        order=915,
    )


@hooks.register("register_permissions")
def register_bill_run_permissions():
    return Permission.objects.filter(
        content_type__app_label="billing", codename__in=["view_billrun", "add_billrun"]
    )
