from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def cabinet(request):
    """The resident's cabinet: their linked dwellings. Residents only see their own."""
    dwellings = request.user.dwellings.order_by("street", "house", "apartment")
    return render(request, "billing/cabinet.html", {"dwellings": dwellings})
