from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse


def admin_login(request):
    """Send the admin's sign-in, and Wagtail's for private pages and
    documents, to the portal's one sign-in form.

    Who may see it: anyone. There is a single login for residents and staff, so
    its rate limits and e-mail verification cannot be bypassed through a second
    form.
    """
    query = urlencode({"next": request.GET["next"]}) if "next" in request.GET else ""
    url = reverse("account_login")
    return redirect(f"{url}?{query}" if query else url)
