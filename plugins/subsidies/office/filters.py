"""The queue's filters: by status, by the day it was sent, by who handles it
and by street. None of them reads a billing table: the street is the one the
application was prefilled with."""

from django.contrib.admin import DateFieldListFilter, SimpleListFilter
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plugins.subsidies.choices import ApplicationStatus

# modeladmin's own filter template prefixes the title with an English "By".
TEMPLATE = "subsidies/admin/includes/filter.html"


class StatusFilter(SimpleListFilter):
    """The statuses a sent application can have; a draft is never in the queue."""

    title = _("status")
    parameter_name = "status"
    template = TEMPLATE

    def lookups(self, request, model_admin):
        return [
            (status.value, status.label)
            for status in ApplicationStatus
            if status != ApplicationStatus.DRAFT
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(status=self.value())
        return queryset


class SentFilter(DateFieldListFilter):
    """Sent today, in the last seven days, this month or this year (in the
    site's time zone), without Django's "no date": everything here was sent."""

    template = TEMPLATE

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.links = tuple(
            (label, lookup)
            for label, lookup in self.links
            if self.lookup_kwarg_isnull not in lookup
        )


MINE, OTHERS, NOBODY = "mine", "others", "nobody"


class AssigneeFilter(SimpleListFilter):
    title = _("handled by")
    parameter_name = "assignee"
    template = TEMPLATE

    def lookups(self, request, model_admin):
        return [
            (MINE, _("me")),
            (OTHERS, _("my colleagues")),
            (NOBODY, _("nobody yet")),
        ]

    def queryset(self, request, queryset):
        conditions = {
            MINE: Q(assignee=request.user),
            OTHERS: Q(assignee__isnull=False) & ~Q(assignee=request.user),
            NOBODY: Q(assignee__isnull=True),
        }
        if self.value() in conditions:
            return queryset.filter(conditions[self.value()])
        return queryset


class StreetFilter(SimpleListFilter):
    """The streets of the applications the office can see, in one query."""

    title = _("street")
    parameter_name = "street"
    template = TEMPLATE

    def lookups(self, request, model_admin):
        streets = (
            model_admin.get_queryset(request)
            .filter(prefill__has_key="street")
            .order_by("prefill__street")
            .values_list("prefill__street", flat=True)
            .distinct()
        )
        return [(street, street) for street in streets]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(prefill__street=self.value())
        return queryset
