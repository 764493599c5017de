"""The admin screen of month-end bill runs: each run's progress and failures,
and the form that starts one for a month."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from plugins.billing import bill_runs
from plugins.billing.models import BillRun
from plugins.billing.months import parse_month

VIEW_PERMISSION = "billing.view_billrun"
START_PERMISSION = "billing.add_billrun"
RUNS_SHOWN = 50
FAILURES_SHOWN = 200


class BillRunForm(forms.Form):
    """The month whose bills to make."""

    month = forms.CharField(
        label=_("Month"),
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-11"}),
        help_text=_("Every dwelling charged in this month gets its bill made."),
    )

    def clean_month(self):
        try:
            return parse_month(self.cleaned_data["month"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


@require_http_methods(["GET", "HEAD", "POST"])
def bill_runs_admin(request):
    """The latest runs with their progress, and the form to start one.

    Who may use it: staff with "Can view bill run" see the list, and those who
    also have "Can add bill run" start runs (superusers both); others 403.
    """
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    may_start = request.user.has_perm(START_PERMISSION)

    form = BillRunForm(request.POST or None)
    if request.method == "POST":
        if not may_start:
            raise PermissionDenied
        if form.is_valid():
            run = bill_runs.start_run(form.cleaned_data["month"], request.user)
            messages.success(
                request,
                _("Bill run for %(month)s started: %(total)d dwellings.")
                % {"month": f"{run.month:%Y-%m}", "total": run.total},
            )
            return redirect("billing_bill_runs")

    context = {
        "runs": bill_runs.runs_listed(RUNS_SHOWN),
        "form": form,
        "may_start": may_start,
    }
    return render(request, "billing/admin/bill_runs.html", context)


@require_safe
def bill_run_admin(request, run_id):
    """One run with the dwellings whose bills failed and why.

    Who may see it: staff with "Can view bill run" (superusers); others 403.
    """
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    run = get_object_or_404(BillRun.objects.select_related("started_by"), pk=run_id)
    context = {
        "run": run,
        "failures": bill_runs.failures(run, FAILURES_SHOWN),
        "more_failures": max(run.failed - FAILURES_SHOWN, 0),
    }
    return render(request, "billing/admin/bill_run.html", context)
