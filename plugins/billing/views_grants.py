"""The admin screen where provider staff download the housing subsidies in
force in a month on their providers' accounts, as CSV."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from cms.directory.models import Provider
from plugins.billing import grants_export
from plugins.billing.downloads import csv_attachment
from plugins.billing.months import parse_month
from plugins.billing.staff import staff_providers


class GrantsExportForm(forms.Form):
    """Which provider's accounts, in which month."""

    provider = forms.ModelChoiceField(
        label=_("Provider"), queryset=Provider.objects.none()
    )
    month = forms.CharField(
        label=_("Month"),
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-11"}),
        help_text=_("The subsidies in force in this month are listed."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Staff see only the accounts of the providers they work for.
        self.fields["provider"].queryset = staff_providers(user)

    def clean_month(self):
        try:
            return parse_month(self.cleaned_data["month"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


@require_http_methods(["GET", "HEAD"])
def export_grants_admin(request):
    """The admin screen to download the subsidy decisions in force in a month
    on a provider's accounts, as CSV.

    Who may use it: staff with "Can export subsidy decisions for a provider",
    for the providers they work for (a superuser for any); others get 403.
    """
    if not request.user.has_perm(grants_export.EXPORT_PERMISSION):
        raise PermissionDenied

    form = GrantsExportForm(request.GET or None, user=request.user)
    if form.is_valid():
        provider, month = form.cleaned_data["provider"], form.cleaned_data["month"]
        lines = grants_export.export_grants(provider, month, request.user)
        return csv_attachment(lines, f"subsidies-{provider.code}-{month:%Y-%m}.csv")

    return render(request, "billing/grants_export.html", {"form": form})
