"""Meter readings: the resident's page to submit and review them, and the admin
screen where provider staff download a month's readings as CSV."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from cms.core.money import format_quantity
from cms.core.replica import replica_reads
from cms.directory.models import Provider
from plugins.billing import readings, services
from plugins.billing.downloads import csv_attachment
from plugins.billing.models import Meter
from plugins.billing.staff import staff_providers

EXPORT_PERMISSION = "billing.export_meterreading"


class MeterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.service.name}, № {obj.serial_number}"


class ReadingForm(forms.Form):
    """A reading of one of the dwelling's meters."""

    meter = MeterChoiceField(label=_("Meter"), queryset=Meter.objects.none())
    value = forms.DecimalField(
        label=_("Reading"),
        min_value=0,
        max_digits=12,
        decimal_places=3,
        # Residents write a decimal comma, as on the meter's dial and the bill.
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    taken_on = forms.DateField(
        label=_("Date read"),
        # A date input shows its value only when written as ISO, in any language.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, meters, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meter"].queryset = Meter.objects.filter(
            pk__in=[meter.pk for meter in meters]
        )
        self.fields["taken_on"].initial = timezone.localdate()
        if len(meters) == 1:
            self.fields["meter"].initial = meters[0].pk


@replica_reads
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def dwelling_readings(request, pk):
    """The dwelling's meters, a form to submit a reading, and their history.

    Who may use it: residents linked to the dwelling see and submit, and each
    may correct the latest reading they submitted themselves by submitting its
    day again (see ``readings.submit_reading``); those an owner delegated
    access to see the history only (a POST is refused); others get 404.
    """
    dwelling = get_object_or_404(services.dwellings_of(request.user), pk=pk)
    if request.method == "POST" and not dwelling.owned:
        raise PermissionDenied
    meters = readings.meters_of(dwelling)
    form = ReadingForm(meters, request.POST or None)

    if request.method == "POST" and form.is_valid():
        # The meter from the already loaded list, with its dwelling and norm.
        meter = next(one for one in meters if one.pk == form.cleaned_data["meter"].pk)
        try:
            submitted = readings.submit_reading(
                request.user,
                meter,
                form.cleaned_data["value"],
                form.cleaned_data["taken_on"],
            )
        except readings.ReadingRefusedError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, submitted_message(submitted, meter))
            return redirect("billing:readings", pk=dwelling.pk)

    context = {
        "dwelling": dwelling,
        "meters": meters,
        "form": form,
        "history": readings.history(dwelling),
    }
    return render(request, "billing/readings.html", context)


def submitted_message(submitted, meter):
    """What the resident is told: the reading recorded, or the correction."""
    reading = submitted.reading
    if submitted.replaced is None:
        return _("The reading %(value)s of meter № %(serial)s is recorded.") % {
            "value": format_quantity(reading.value),
            "serial": meter.serial_number,
        }
    return _(
        "The reading of %(date)s is corrected: %(old)s → %(new)s (meter № %(serial)s)."
    ) % {
        "date": date_format(reading.taken_on, "d.m.Y"),
        "old": format_quantity(submitted.replaced),
        "new": format_quantity(reading.value),
        "serial": meter.serial_number,
    }


class ExportForm(forms.Form):
    """Which provider's readings, of which month."""

    provider = forms.ModelChoiceField(
        label=_("Provider"), queryset=Provider.objects.none()
    )
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Staff export only the readings of the providers they work for.
        self.fields["provider"].queryset = staff_providers(user)


@require_http_methods(["GET", "HEAD"])
def export_readings_admin(request):
    """The admin screen to download a provider's readings of a month as CSV.

    Who may use it: staff with "Can export meter readings for a provider".
    """
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied

    form = ExportForm(request.GET or None, user=request.user)
    if form.is_valid():
        provider, month = form.cleaned_data["provider"], form.cleaned_data["month"]
        lines = readings.export_readings(provider, month, request.user)
        return csv_attachment(lines, f"readings-{provider.code}-{month:%Y-%m}.csv")

    return render(request, "billing/readings_export.html", {"form": form})
