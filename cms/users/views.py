from allauth.core.ratelimit import consume_or_429
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cms.users.closing import close_account
from cms.users.export import as_json, as_pdf, personal_data
from cms.users.forms import CloseAccountForm


@login_required
@require_GET
def my_data(request):
    """The resident's privacy page: downloads of their data and closing.

    Who may see it: the signed-in user, about themself only.
    """
    return render(request, "users/my_data.html")


@login_required
@require_GET
def download_json(request):
    """Everything the portal holds about the signed-in user, as JSON.

    Who may see it: the signed-in user, about themself only; there is no way
    to name another user.
    """
    body = as_json(personal_data(request.user))
    return attachment(body, "application/json; charset=utf-8", "my-data.json")


@login_required
@require_GET
def download_pdf(request):
    """The same data as :func:`download_json`, printable.

    Who may see it: the signed-in user, about themself only.
    """
    body = as_pdf(personal_data(request.user))
    return attachment(body, "application/pdf", "my-data.pdf")


def attachment(body, content_type, filename):
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def close(request):
    """Ask for the password, then close the account and sign the user out.

    Who may see it: the signed-in user, for their own account only.
    """
    if request.method == "POST":
        # The same limit as allauth's own re-entry of the password, so a
        # session left open cannot be used to guess it.
        refused = consume_or_429(request, action="reauthenticate", user=request.user)
        if refused:
            return refused

    form = CloseAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        close_account(user)
        logout(request)
        return render(request, "users/account_closed.html")
    return render(request, "users/close_account.html", {"form": form})
