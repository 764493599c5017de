"""The office's queue of sent applications: who may see it, how it searches,
and the counters per status above the list."""

import operator
from functools import reduce

from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import BadRequest
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import DjangoORMSearchHandler, PermissionHelper
from wagtail_modeladmin.views import IndexView

from plugins.subsidies import access, workflow
from plugins.subsidies.choices import ApplicationStatus, Relation
from plugins.subsidies.models import HouseholdMember
from plugins.subsidies.office.filters import StatusFilter


class OfficePermissionHelper(PermissionHelper):
    """Listing and opening need the view permission itself; the steps need
    the change permission too. Adding, editing and deleting are never offered."""

    def user_can_list(self, user):
        return access.is_office(user)

    def user_can_inspect_obj(self, user, obj):
        return access.is_office(user)

    def user_can_act(self, user):
        return access.is_office(user) and workflow.is_staff(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class ApplicantOrAddressSearch(DjangoORMSearchHandler):
    """Every word must appear in the applicant's name (their account's or the
    one they gave as the household's applicant) or in the address."""

    def search_queryset(self, queryset, search_term, **kwargs):
        for word in search_term.split():
            named = HouseholdMember.objects.filter(
                application=OuterRef("pk"),
                relation=Relation.APPLICANT,
                full_name__icontains=word,
            )
            matches = [
                Q(applicant__first_name__icontains=word),
                Q(applicant__last_name__icontains=word),
                Q(prefill__address__icontains=word),
                Q(Exists(named)),
            ]
            queryset = queryset.filter(reduce(operator.or_, matches))
        return queryset

    @property
    def show_search_form(self):
        return True


class QueueView(IndexView):
    """The queue. Who may see it: the social-protection office (the view
    permission on applications); anyone else gets 403."""

    def filter_parameters(self):
        """The parameters of the address the declared filters read: each
        list filter's own, and a date filter's bounds."""
        names = set()
        for list_filter in self.list_filter:
            if isinstance(list_filter, tuple):
                field = list_filter[0]
                names |= {f"{field}__gte", f"{field}__lt"}
            else:
                names.add(list_filter.parameter_name)
        return names

    def get_filters_params(self, params=None):
        # The engine applies every other parameter of the address as a lookup
        # of its own: an applicant's password hash could be guessed by its
        # first letters, and a name that is no field answered 500. Values
        # with a NUL, which PostgreSQL refuses, are left out too.
        allowed = self.filter_parameters()
        return {
            name: values
            for name, values in super().get_filters_params(params).items()
            if name in allowed and not any("\x00" in value for value in values)
        }

    def get_queryset(self, request=None):
        try:
            return super().get_queryset(request)
        except IncorrectLookupParameters as error:
            # A date filter given something that is no date.
            raise BadRequest from error

    def get_page_title(self):
        return _("Subsidy applications")

    def status_counters(self):
        """How many sent applications each status holds, in one query, each
        with the link that lists them."""
        counted = dict(
            self.get_base_queryset()
            .order_by()
            .values_list("status")
            .annotate(count=Count("pk"))
        )
        return [
            {
                "status": status,
                "label": status.label,
                "count": counted.get(status.value, 0),
                "url": f"{self.index_url}?{StatusFilter.parameter_name}={status.value}",
                "current": self.params.get(StatusFilter.parameter_name) == status.value,
            }
            for status in ApplicationStatus
            if status != ApplicationStatus.DRAFT
        ]

    def get_search_results(self, request, queryset, search_term):
        # The engine passes the search box's text to PostgreSQL as it came,
        # and PostgreSQL refuses text with a NUL: no name or number has one.
        return super().get_search_results(
            request, queryset, search_term.replace("\x00", "")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counters"] = self.status_counters()
        return context
