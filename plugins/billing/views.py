"""The resident's cabinet. Every view shows a resident only the dwellings they
are linked to; another dwelling is answered with 404, as if it did not exist."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from wagtail import hooks

from cms.core.replica import replica_reads
from plugins.billing import (
    access,
    charts,
    disputes,
    due,
    explanations,
    services,
)
from plugins.billing.fragments import DwellingFragments
from plugins.billing.models import AccessKind


@replica_reads
@require_safe
@login_required
def cabinet(request):
    """The signed-in resident's linked dwellings with each one's balance.

    Who may see it: any signed-in user; the list holds only their own dwellings.
    """
    dwellings = list(
        services.dwellings_of(request.user).order_by("street", "house", "apartment")
    )
    balances = services.balances(dwellings)

    rows = [(dwelling, balances[dwelling.pk]) for dwelling in dwellings]
    return render(request, "billing/cabinet.html", {"rows": rows})


@replica_reads
@require_safe
@login_required
def dwelling_detail(request, pk):
    """One dwelling: its balance with each provider and in total, what each
    provider's latest bill asks and by when, those bills line by line, the
    last twelve months and the latest payments. The month's charges and the
    history are kept rendered in the cache (see fragments.py).

    Who may see it: residents linked to the dwelling and its delegates; others
    get 404.
    """
    dwelling = get_object_or_404(services.dwellings_of(request.user), pk=pk)
    fragments = DwellingFragments(dwelling)
    fragments.recall_charges()
    access.record_access(request.user, dwelling, AccessKind.PAGE)

    # Each provider's own latest month, and the month before it to explain
    # what changed: one provider's early export does not hide another's bill.
    charges, previous = services.current_with_previous(dwelling)
    periods = sorted({charge.period for charge in charges}, reverse=True)
    account_balances = services.account_balances(dwelling)
    payment_due = due.payment_due(dwelling, charges) if charges else None

    def month_context():
        return {
            "period": periods[0] if periods else None,
            "periods": periods,
            "charges": charges,
            "totals": services.totals(charges),
            "checks": services.check_charges(dwelling, charges),
            "explanations": explanations.explain_month(
                dwelling, charges, previous, services.meter_readings(dwelling)
            ),
        }

    def history_context():
        history = services.history(dwelling)
        return {"history": history, "history_charts": charts.history_charts(history)}

    context = {
        "dwelling": dwelling,
        "balance": services.balance(dwelling),
        "period": periods[0] if periods else None,
        "due": payment_due,
        "providers": provider_rows(payment_due, account_balances),
        "may_issue_certificates": services.can_pay(request.user, dwelling),
        "payments_section": fragments.render(
            "payments",
            "billing/includes/payments.html",
            lambda: {"payments": services.payments(dwelling)},
        ),
        "panels": cabinet_panels(request, dwelling),
        # Disputes and the access log are the owners' business, not a delegate's.
        "disputes": disputes.of_dwelling(dwelling) if dwelling.owned else [],
        "access_log": access.access_log(dwelling) if dwelling.owned else [],
    }
    if periods:
        context["month_charges"] = fragments.render(
            "month", "billing/includes/month_charges.html", month_context
        )
        context["history_section"] = fragments.render(
            "history", "billing/includes/history.html", history_context
        )
    return render(request, "billing/dwelling_detail.html", context)


def provider_rows(payment_due, account_balances):
    """(what the provider's latest bill asks, the balance with it) per account,
    by provider name."""
    if payment_due is None:
        return []
    lines = sorted(
        payment_due.accounts, key=lambda line: line.account.provider.short_name
    )
    return [(line, account_balances.get(line.account.pk)) for line in lines]


def cabinet_panels(request, dwelling):
    """What other plugins show on a dwelling's page, without billing knowing them.

    Each ``cabinet_dwelling_panels`` hook is called with (request, dwelling) and
    returns safe HTML (e.g. from render_to_string) or None.
    """
    found = [
        hook(request, dwelling) for hook in hooks.get_hooks("cabinet_dwelling_panels")
    ]
    return [html for html in found if html]
