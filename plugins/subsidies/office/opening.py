"""Opening one application on the office's screens: only a sent one, only
after the permission is checked, with what every screen shows of it."""

from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail_modeladmin.views import InstanceSpecificView, WMABaseView

from plugins.subsidies import access


class OpenedApplicationView(InstanceSpecificView):
    """Base of the views of one application. modeladmin would read any row,
    a resident's draft included, before asking who is looking; this one reads
    the application after the permission check and through the office's own
    rule: a draft or an unknown number is 404."""

    def __init__(self, model_admin, instance_pk):
        WMABaseView.__init__(self, model_admin)
        self.instance_pk = unquote(instance_pk)
        self.pk_quoted = quote(self.instance_pk)

    def dispatch(self, request, *args, **kwargs):
        if not self.check_action_permitted(request.user):
            raise PermissionDenied
        self.instance = self.open_application(request.user)
        return super().dispatch(request, *args, **kwargs)

    def open_application(self, user):
        if not str(self.instance_pk).isdigit():
            raise Http404("No such application.")
        found = (
            access.office_applications(user)
            .select_related("applicant", "assignee", "dwelling")
            .filter(pk=self.instance_pk)
            .first()
        )
        if found is None:
            raise Http404("No such application.")
        return found

    def get_page_subtitle(self):
        return f"№ {self.instance.pk}"

    @property
    def screen_url(self):
        return self.url_helper.get_action_url("inspect", self.pk_quoted)
