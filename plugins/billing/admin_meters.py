"""The admin's list of meters: provider staff register, correct and remove
the meters of their own provider's accounts; administrators see all.

Model permissions (add, change, delete, view meter) decide what a user may do
at all; ``ProviderStaff`` decides whose meters. An account is named by its
number, as on the provider's bill: a list of a city's accounts would not fit
in a drop-down.
"""

from django import forms
from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from plugins.billing.models import Meter, PersonalAccount
from plugins.billing.staff import staff_providers


def visible_meters(user):
    meters = Meter.objects.select_related(
        "service", "account__provider", "account__dwelling"
    )
    return meters.filter(account__provider__in=staff_providers(user))


class MeterForm(WagtailAdminModelForm):
    provider = forms.ModelChoiceField(
        label=gettext_lazy("Provider"), queryset=PersonalAccount.objects.none()
    )
    account_number = forms.CharField(
        label=gettext_lazy("Personal account"),
        max_length=30,
        help_text=gettext_lazy("The number printed on the provider's bill."),
    )

    class Meta:
        model = Meter
        fields = ["service", "serial_number", "installed_on", "verified_on"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["provider"].queryset = staff_providers(for_user)
        if self.instance.pk:
            self.initial["provider"] = self.instance.account.provider_id
            self.initial["account_number"] = self.instance.account.number

    def clean(self):
        cleaned = super().clean()
        provider, number = cleaned.get("provider"), cleaned.get("account_number")
        if provider is None or not number:
            return cleaned
        account = PersonalAccount.objects.filter(
            provider=provider, number=number.strip()
        ).first()
        if account is None:
            self.add_error(
                "account_number",
                _("%(provider)s has no personal account %(number)s.")
                % {"provider": provider.short_name, "number": number},
            )
            return cleaned
        service = cleaned.get("service")
        if service and not provider.services.filter(pk=service.pk).exists():
            self.add_error(
                "service",
                _("%(provider)s does not provide this service.")
                % {"provider": provider.short_name},
            )
        self.instance.account = account
        return cleaned


class MeterIndexView(IndexView):
    def get_base_queryset(self):
        return visible_meters(self.request.user)


class OwnMeterMixin:
    """Another provider's meter does not exist for this user."""

    def get_object(self, queryset=None):
        return get_object_or_404(
            visible_meters(self.request.user), pk=unquote(str(self.kwargs["pk"]))
        )


class MeterEditView(OwnMeterMixin, EditView):
    pass


class MeterDeleteView(OwnMeterMixin, DeleteView):
    pass


class MeterViewSet(ModelViewSet):
    model = Meter
    icon = "time"
    add_to_admin_menu = True
    menu_order = 920
    form_fields = ["service", "serial_number", "installed_on", "verified_on"]
    index_view_class = MeterIndexView
    add_view_class = CreateView
    edit_view_class = MeterEditView
    delete_view_class = MeterDeleteView
    list_display = [
        "serial_number",
        "service",
        "account",
        Column(
            "address",
            label=gettext_lazy("Address"),
            accessor=lambda meter: meter.account.dwelling,
        ),
        "installed_on",
        "verified_on",
    ]
    list_filter = ["service", "account__provider"]
    search_fields = ["serial_number", "account__number"]
    # The database, not the site's search index: meters are not indexed.
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return MeterForm
