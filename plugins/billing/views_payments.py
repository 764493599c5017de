"""Every payment of a dwelling in the resident's cabinet, a page at a time."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cms.core.replica import replica_reads
from plugins.billing import access, services
from plugins.billing.models import AccessKind

PAGE_SIZE = 50


@replica_reads
@require_safe
@login_required
def payments(request, pk):
    """The payments into the dwelling's accounts, newest first, fifty a page.

    Who may see it: residents linked to the dwelling and its delegates; others
    get 404.
    """
    dwelling = get_object_or_404(services.dwellings_of(request.user), pk=pk)
    access.record_access(request.user, dwelling, AccessKind.PAGE)

    payments = Paginator(services.payment_history(dwelling), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"dwelling": dwelling, "payments": payments}
    return render(request, "billing/payments.html", context)
