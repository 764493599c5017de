"""Every payment of a dwelling in the resident's cabinet, a page at a time."""

import re

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from cms.core.replica import replica_reads
from plugins.billing import access, services
from plugins.billing.fragments import DwellingFragments
from plugins.billing.models import AccessKind

PAGE_SIZE = 50
# The page numbers whose pages are kept in the cache.
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,3}")


@replica_reads
@require_safe
@login_required
def payments(request, pk):
    """The payments into the dwelling's accounts, newest first, fifty a page.

    The pages are kept rendered in the cache (see fragments.py).

    Who may see it: residents linked to the dwelling and its delegates; others
    get 404.
    """
    dwelling = get_object_or_404(services.dwellings_of(request.user), pk=pk)
    fragments = DwellingFragments(dwelling)
    access.record_access(request.user, dwelling, AccessKind.PAGE)

    number = request.GET.get("page")

    def page_context():
        history = services.payment_history(dwelling)
        return {"payments": Paginator(history, PAGE_SIZE).get_page(number)}

    if number is None or PAGE_NUMBER.fullmatch(number):
        listing = fragments.render(
            "payments-page",
            "billing/includes/payments_page.html",
            page_context,
            number or "1",
        )
    else:
        # Anything else is answered with a page too, but not kept: the cache
        # would hold one copy for every string a visitor cares to type.
        listing = render_to_string(
            "billing/includes/payments_page.html",
            {"dwelling": dwelling, **page_context()},
        )
    context = {"dwelling": dwelling, "listing": listing}
    return render(request, "billing/payments.html", context)
