"""Disputes of charges: the resident's form and the provider staff's admin
screens. Residents reach only their own dwellings' charges (others get 404);
staff reach only their providers' disputes (others get 404)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from plugins.billing import disputes, services
from plugins.billing.models import Charge


class DisputeForm(forms.Form):
    """What the resident finds wrong with a charge."""

    text = forms.CharField(
        label=_("What is wrong with this charge"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
    )
    expected_amount = forms.DecimalField(
        label=_("The amount you expected, UAH"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        # Residents write a decimal comma, as on their bills.
        localize=True,
    )


class AnswerForm(forms.Form):
    """The provider's answer and the status it gives the dispute."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(status.value, status.label) for status in disputes.ANSWER_STATUSES],
    )
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 6}), max_length=4000
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def dispute_charge(request, pk, charge_id):
    """The form to dispute one charge of the dwelling.

    Who may use it: only residents linked to the dwelling; others get 404.
    """
    dwelling = get_object_or_404(services.owned_dwellings(request.user), pk=pk)
    charge = get_object_or_404(
        Charge.objects.select_related("account__dwelling", "service"),
        pk=charge_id,
        account__dwelling=dwelling,
    )

    form = DisputeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        disputes.open_dispute(
            request.user,
            charge,
            form.cleaned_data["text"],
            form.cleaned_data["expected_amount"],
        )
        messages.success(request, _("Your dispute was sent to the provider."))
        return redirect("billing:dwelling", pk=dwelling.pk)

    context = {"dwelling": dwelling, "charge": charge, "form": form}
    return render(request, "billing/dispute_form.html", context)


def require_dispute_staff(request):
    if not disputes.is_staff_member(request.user):
        raise PermissionDenied


@require_http_methods(["GET", "HEAD"])
def disputes_admin(request):
    """The admin list of disputes, open ones first.

    Who may see it: superusers (all) and provider staff (their providers').
    """
    require_dispute_staff(request)
    found = disputes.for_staff(request.user).order_by("status", "-created_at")[:200]
    return render(request, "billing/admin/disputes.html", {"disputes": found})


@require_http_methods(["GET", "HEAD", "POST"])
def dispute_answer_admin(request, dispute_id):
    """One dispute with the form to answer it.

    Who may use it: superusers and the charging provider's staff; others 404.
    """
    require_dispute_staff(request)
    dispute = get_object_or_404(disputes.for_staff(request.user), pk=dispute_id)

    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        disputes.answer(
            request.user,
            dispute.pk,
            form.cleaned_data["answer"],
            form.cleaned_data["status"],
        )
        messages.success(request, _("The answer was saved."))
        return redirect("billing_disputes")

    context = {"dispute": dispute, "form": form}
    return render(request, "billing/admin/dispute_answer.html", context)
