"""The admin screen where provider staff upload a monthly export.

Who may upload: a user with "Can add billing import", for the providers they
work for (``ProviderStaff``); a superuser for any provider. The upload is
queued and the browser goes to the import's page, which follows its progress.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.directory.models import Provider
from plugins.billing import importing, imports
from plugins.billing.months import parse_month
from plugins.billing.staff import staff_providers


class UploadForm(forms.Form):
    provider = forms.ModelChoiceField(
        label=gettext_lazy("Provider"), queryset=Provider.objects.none()
    )
    file = forms.FileField(
        label=gettext_lazy("Export file"),
        help_text=gettext_lazy(
            "CSV or DBF, as described in the portal's file formats."
        ),
    )
    format_name = forms.ChoiceField(
        label=gettext_lazy("File layout"),
        required=False,
        help_text=gettext_lazy(
            "Leave empty to use the provider's own layout, if it has one."
        ),
    )
    month = forms.CharField(
        label=gettext_lazy("Month"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-11"}),
        help_text=gettext_lazy("When given, a row for any other month is an error."),
    )
    new_accounts = forms.BooleanField(
        label=gettext_lazy("The file may open new personal accounts"),
        required=False,
        # A provider's accounts are opened by its first file; after that an
        # unknown number is far more often a typo than a new payer.
        initial=False,
        help_text=gettext_lazy(
            "Tick for a provider's first file, or when it opened accounts this "
            "month; otherwise an unknown account number is reported as an error."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = staff_providers(user)
        self.fields["format_name"].choices = [("", "—")] + [
            (name, name) for name in importing.format_names()
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        limit = settings.BILLING_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file takes %(size)d MB; at most %(limit)d MB are accepted.")
                % {"size": -(-upload.size // 2**20), "limit": limit // 2**20}
            )
        return upload

    def clean_month(self):
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        try:
            return parse_month(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def layout_name(self):
        """The chosen layout, else the provider's own, else the portal's."""
        if name := self.cleaned_data["format_name"]:
            return name
        own = self.cleaned_data["provider"].code.lower()
        return own if own in importing.format_names() else importing.DEFAULT_FORMAT


def upload_import(request):
    if not request.user.has_perm("billing.add_billingimport"):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        record = imports.queue_import(
            form.cleaned_data["provider"],
            form.cleaned_data["file"],
            request.user,
            form.layout_name(),
            form.cleaned_data["month"],
            form.cleaned_data["new_accounts"],
        )
        return redirect("billing_imports:inspect", record.pk)
    return TemplateResponse(
        request,
        "billing/admin/billing_import_upload.html",
        {"form": form, "has_providers": form.fields["provider"].queryset.exists()},
    )
