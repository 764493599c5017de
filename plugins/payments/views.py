"""Paying a dwelling's accounts online, the gateway's callback and the sandbox
bank. Residents reach only their own dwellings and orders; others get 404."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cms.core.money import format_number
from plugins.billing import services as billing
from plugins.payments import services
from plugins.payments.choices import CallbackVerdict, PaymentStatus
from plugins.payments.forms import PaymentForm
from plugins.payments.gateways import CallbackError, SandboxGateway, get_gateway
from plugins.payments.models import OnlinePayment

logger = logging.getLogger(__name__)


@require_POST
@login_required
def pay(request, pk):
    """Start paying one account of a dwelling and send the browser to the gateway.

    Who may use it: only residents linked to the dwelling and delegates allowed
    to pay, for its own accounts; "view" delegates get 403, others 404.
    """
    dwelling = get_object_or_404(billing.dwellings_of(request.user), pk=pk)
    if not billing.can_pay(request.user, dwelling):
        raise PermissionDenied("This user may view the dwelling but not pay.")
    dwelling_url = reverse("billing:dwelling", args=[dwelling.pk])

    form = PaymentForm(request.POST)
    if not form.is_valid():
        limit = format_number(services.MAX_AMOUNT)
        messages.error(
            request, _("Enter an amount from 0,01 to %(limit)s UAH.") % {"limit": limit}
        )
        return redirect(dwelling_url)
    payable = {row.account.pk: row for row in services.payable_accounts(dwelling)}
    if form.cleaned_data["account"] not in payable:
        raise Http404("No such account in this dwelling.")
    account = payable[form.cleaned_data["account"]].account

    gateway = get_gateway()
    payment = services.start_payment(
        request.user, dwelling, account, form.cleaned_data["amount"], gateway
    )
    checkout = gateway.checkout(
        payment,
        description=_("Utility payment, account %(number)s, %(provider)s")
        % {"number": account.number, "provider": account.provider.short_name},
        result_url=request.build_absolute_uri(dwelling_url),
        server_url=request.build_absolute_uri(reverse("payments:callback")),
    )
    return render(
        request, "payments/checkout.html", {"checkout": checkout, "payment": payment}
    )


@csrf_exempt
@require_POST
def callback(request):
    """The gateway's server-to-server report on an order.

    Who may use it: anyone may post, but only a callback signed with the
    gateway's key changes anything; the CSRF check does not apply to a bank.
    """
    entry = services.accept_callback(get_gateway(), request.POST)
    if entry.verdict == CallbackVerdict.REFUSED:
        return HttpResponseBadRequest("refused", content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@require_POST
@login_required
def sandbox(request, order_id):
    """The sandbox bank's card page: shows the order, then pays or declines it.

    Who may see it: only the payer of the order, only while the sandbox gateway
    is chosen; others get 404. An order no longer waiting for the bank is
    refused with 409.
    """
    gateway = get_gateway()
    if not isinstance(gateway, SandboxGateway):
        raise Http404("The sandbox gateway is switched off.")
    payment = get_object_or_404(
        OnlinePayment, order_id=order_id, payer=request.user, gateway=gateway.name
    )
    try:
        params = gateway.verify_message(request.POST)
    except CallbackError:
        return HttpResponseBadRequest("bad signature", content_type="text/plain")
    if params.get("order_id") != payment.order_id:
        return HttpResponseBadRequest("another order", content_type="text/plain")

    if payment.status != PaymentStatus.CREATED:
        context = {"payment": payment, "refused": True}
        return render(request, "payments/sandbox.html", context, status=409)
    if request.POST.get("decision") not in {"pay", "decline"}:
        context = {"payment": payment, "params": params, "fields": request.POST}
        return render(request, "payments/sandbox.html", context)

    deliver_sandbox_callback(gateway, payment, request.POST["decision"] == "pay")
    return redirect(params["result_url"])


def deliver_sandbox_callback(gateway, payment, approved):
    """Hand the portal the callback a bank would post, signed the same way.

    It goes straight to the service the callback view calls: posting it over
    HTTP to the portal itself would stall a single-threaded dev server.
    """
    message = gateway.signed_message(
        {
            "version": 3,
            "order_id": payment.order_id,
            "status": "success" if approved else "failure",
            "amount": payment.amount,
            "currency": payment.currency,
            "transaction_id": f"sandbox-{payment.pk}",
        }
    )
    services.accept_callback(gateway, message)
