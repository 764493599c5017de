"""One service of a dwelling in the resident's cabinet: its last twelve months
as charts and as a table."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cms.core.replica import replica_reads
from plugins.billing import access, charts, services
from plugins.billing.fragments import DwellingFragments
from plugins.billing.models import AccessKind


@replica_reads
@require_safe
@login_required
def service_history(request, pk, account_id, service):
    """One account's service month by month: opening balance, volume and its
    basis, tariff, charged, benefit, subsidy, recalculation, paid and closing
    balance, each month checked against the tariff in force, with the money
    and the volume charted; those months are kept rendered in the cache (see
    fragments.py).

    Who may see it: residents linked to the dwelling and its delegates; others,
    an account of another dwelling and a service never billed get 404.
    """
    dwelling = get_object_or_404(services.dwellings_of(request.user), pk=pk)
    fragments = DwellingFragments(dwelling)
    charges = services.service_history(dwelling, account_id, service)
    if not charges:
        raise Http404("No charges of this service on this dwelling's account.")
    access.record_access(request.user, dwelling, AccessKind.PAGE)

    def months_context():
        return {
            "charges": charges,
            "checks": services.check_charges(dwelling, charges),
            "history_charts": charts.service_charts(charges),
        }

    latest = charges[0]
    context = {
        "dwelling": dwelling,
        "account": latest.account,
        "service": latest.service,
        "months": fragments.render(
            "service",
            "billing/includes/service_months.html",
            months_context,
            account_id,
            service,
        ),
    }
    return render(request, "billing/service_history.html", context)
