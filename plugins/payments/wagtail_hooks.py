from django.template.loader import render_to_string
from wagtail import hooks

from plugins.billing import services as billing
from plugins.payments import services
from plugins.payments.services import MAX_AMOUNT


@hooks.register("cabinet_dwelling_panels")
def online_payment_panel(request, dwelling):
    """The "pay online" forms and the payments awaiting the provider, on the
    dwelling's cabinet page (which only its residents can open)."""
    context = {
        "dwelling": dwelling,
        "summary": services.cabinet_summary(dwelling),
        "max_amount": MAX_AMOUNT,
        # A delegate with "view" access sees what is due but gets no pay forms.
        "can_pay": billing.can_pay(request.user, dwelling),
    }
    return render_to_string("payments/panel.html", context, request=request)


@hooks.register("cabinet_payments_after_bill")
def payments_awaiting_the_provider(dwelling, periods):
    """Online payments no export covers yet count towards the bill of their
    account's latest month (``periods``) while the provider has yet to confirm
    them."""
    totals = {}
    for payment in services.pending_payments(dwelling):
        totals[payment.account_id] = totals.get(payment.account_id, 0) + payment.amount
    return totals
