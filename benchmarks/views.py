"""Baselines for ``benchmarks/web.py``: what the cheapest Django response and a
plain database page cost on the same server in the same run.

Who may see them: anyone, and only where ``benchmarks.settings`` is in use:
the baseline shows a dwelling's charges without asking who is looking.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cms.directory.models import Provider, Service
from plugins.billing.models import Charge, Dwelling

TABLE_ROWS = 50


@require_safe
def hello(request):
    """The least a Django view can answer: no database, no template."""
    return HttpResponse("Hello", content_type="text/plain")


@require_safe
def baseline(request, pk):
    """Five lookups by indexed columns and a table of 50 rows through a
    template, with none of the portal's own work: what a page of the cabinet
    is measured against."""
    dwelling = get_object_or_404(Dwelling, pk=pk)
    accounts = list(dwelling.accounts.order_by("pk"))
    provider = Provider.objects.get(pk=accounts[0].provider_id) if accounts else None
    charges = list(
        Charge.objects.filter(account__in=accounts).order_by("-period", "pk")[
            :TABLE_ROWS
        ]
    )
    names = dict(
        Service.objects.filter(
            pk__in={charge.service_id for charge in charges}
        ).values_list("pk", "name")
    )
    rows = [(charge, names[charge.service_id]) for charge in charges]
    context = {"dwelling": dwelling, "provider": provider, "rows": rows}
    return render(request, "benchmarks/baseline.html", context)
