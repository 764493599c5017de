"""The audit log's screen in the Wagtail admin: a read-only list, newest
first, filtered by action and date and searched by actor or target.

Who may see it: active superusers only (``permissions``); everyone else gets
403 (or the sign-in page), and no one gets an add, edit or delete screen.
"""

import json

import django_filters
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.urls import path
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from cms.audit.models import AuditEntry
from cms.audit.permissions import may_read


def recorded_actions():
    """The action codes in the log, for the filter."""
    codes = AuditEntry.objects.order_by("action").values_list("action", flat=True)
    return [(code, code) for code in codes.distinct()]


class AuditEntryFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(
        label=_("Action"), choices=recorded_actions, empty_label=_("All")
    )
    at = django_filters.DateFromToRangeFilter(
        label=_("Date"), widget=DateRangePickerWidget
    )

    class Meta:
        model = AuditEntry
        fields = ["action", "at"]


def local_time(entry):
    return date_format(localtime(entry.at), "DATETIME_FORMAT")


def target(entry):
    return f"{entry.target_type} {entry.target_id}".strip() or "—"


def facts(entry):
    return json.dumps(entry.facts, cls=DjangoJSONEncoder, ensure_ascii=False)


class AuditEntryIndexView(IndexView):
    """The entries, newest first. Who may see it: active superusers only."""

    any_permission_required = ["view"]
    filterset_class = AuditEntryFilterSet
    is_searchable = True
    default_ordering = "-at"
    columns = [
        Column("at", label=_("When"), accessor=local_time),
        Column("actor_id", label=_("User id")),
        Column("action", label=_("Action")),
        Column("target", label=_("Target"), accessor=target),
        Column("facts", label=_("Facts"), accessor=facts),
    ]

    @cached_property
    def no_results_message(self):
        # Wagtail's sentence puts the plural name into an English phrase that
        # its catalog leaves untranslated.
        if self.is_searching or self.is_filtering:
            return _("No audit entries match the query.")
        return _("The audit log has no entries yet.")

    def dispatch(self, request, *args, **kwargs):
        # Also checked by the permission policy; said here once more, since
        # the log's privacy must not hang on the policy's registration alone.
        if not may_read(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def search_queryset(self, queryset):
        """A number finds the entries of that user id or target id; a label
        such as ``billing.dwelling`` finds its entries, and ``label:id`` one
        object's."""
        query = self.search_query.strip()
        if not query:
            return queryset
        if query.isdigit():
            return queryset.filter(Q(actor_id=int(query)) | Q(target_id=query))
        label, _colon, pk = query.partition(":")
        found = queryset.filter(target_type=label.strip().lower())
        return found.filter(target_id=pk.strip()) if pk.strip() else found


class AuditEntryViewSet(ModelViewSet):
    """The audit log: one list, no screen that adds, edits or deletes."""

    model = AuditEntry
    icon = "history"
    add_to_admin_menu = True
    menu_order = 990
    index_view_class = AuditEntryIndexView
    inspect_view_enabled = False
    copy_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
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
        ]

    def get_permissions_to_register(self):
        # Nothing to grant: reading the log is for superusers alone.
        return super().get_permissions_to_register().none()
