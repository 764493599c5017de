"""Disputes of charges: the resident's form and the provider staff's admin
screens. Residents reach only their own dwellings' charges (others get 404);
staff reach only their providers' disputes (others get 404)."""

import logging

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.http import require_http_methods

from plugins.billing import disputes, ratelimit, services
from plugins.billing.models import Charge

logger = logging.getLogger(__name__)

FORM_TEMPLATE = "billing/dispute_form.html"

# Each dispute is a letter the provider's staff must read and answer: ten a
# day is more than a household's bills give cause for, and keeps a script or
# an angry afternoon from burying the providers' lists.
SENT = ratelimit.Limit("disputes-sent", 10, 24 * 60 * 60)

SENT_PAUSED = ngettext_lazy(
    "You have sent too many disputes within a day. You can send the next one in "
    "%(hours)s hour at the latest; the disputes already sent have reached the "
    "providers.",
    "You have sent too many disputes within a day. You can send the next one in "
    "%(hours)s hours at the latest; the disputes already sent have reached the "
    "providers.",
    "hours",
)


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
    """The form to dispute one charge of the dwelling, with what the portal's
    check found wrong with it.

    Who may use it: only residents linked to the dwelling; delegates and
    others get 404. While the charge has an open dispute the page points to it
    instead of the form, and a POST gets 409; a user who sent ``SENT.most``
    disputes within the limit's window gets the reason and 429.
    """
    dwelling = get_object_or_404(services.owned_dwellings(request.user), pk=pk)
    charge = get_object_or_404(
        Charge.objects.select_related("account__dwelling", "service", "tariff"),
        pk=charge_id,
        account__dwelling=dwelling,
    )
    check = services.check_charges(dwelling, [charge])[charge.pk]

    context = {
        "dwelling": dwelling,
        "charge": charge,
        "check": check,
        "form": DisputeForm(request.POST or None, initial=expected_initial(check)),
        "waiting": disputes.open_dispute_of(charge),
    }
    if request.method != "POST":
        return render(request, FORM_TEMPLATE, context)
    return send_dispute(request, context)


def expected_initial(check):
    # The portal's own figure is where most residents' expectation starts.
    if check.differs and check.expected is not None:
        return {"expected_amount": check.expected}
    return {}


def send_dispute(request, context):
    form, charge = context["form"], context["charge"]
    if ratelimit.reached(SENT, request.user.pk):
        logger.info("user %s: dispute refused, daily limit reached", request.user.pk)
        form.add_error(None, SENT_PAUSED % {"hours": SENT.window // 3600})
        return ratelimit.paused(request, FORM_TEMPLATE, SENT, **context)
    if not form.is_valid():
        return render(request, FORM_TEMPLATE, context)

    try:
        disputes.open_dispute(
            request.user,
            charge,
            form.cleaned_data["text"],
            form.cleaned_data["expected_amount"],
        )
    except disputes.AlreadyDisputedError as refusal:
        context["waiting"] = refusal.dispute
        return render(request, FORM_TEMPLATE, context, status=409)

    ratelimit.count(SENT, request.user.pk)
    messages.success(request, _("Your dispute was sent to the provider."))
    return redirect("billing:dwelling", pk=charge.account.dwelling_id)


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
