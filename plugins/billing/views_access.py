"""Delegated access: an owner lets a relative or carer see (and maybe pay)
the dwelling, and takes it back. Only owners reach these pages; others 404."""

import logging

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from plugins.billing import access, ratelimit, services
from plugins.billing.models import AccessLevel

logger = logging.getLogger(__name__)

# Whether a grant works tells whether an e-mail has a portal account, so the
# form must not serve to test a list of addresses. Every grant tried counts,
# a successful one too: ten an hour is more than any family needs.
GRANTS = ratelimit.Limit("access-grants", 10, 60 * 60)

GRANTS_PAUSED = ngettext_lazy(
    "You have tried to give access too many times in a short time. You can try "
    "again in %(minutes)s minute at the latest; the access already given stays "
    "as it is.",
    "You have tried to give access too many times in a short time. You can try "
    "again in %(minutes)s minutes at the latest; the access already given stays "
    "as it is.",
    "minutes",
)


class GrantForm(forms.Form):
    """Whom to let in, by the e-mail of their portal account, and how far."""

    email = forms.EmailField(label=_("E-mail of their portal account"))
    level = forms.ChoiceField(label=_("Access"), choices=AccessLevel.choices)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def dwelling_access(request, pk):
    """Who else may see the dwelling, and the form to let someone in.

    Who may use it: only owners (residents linked to the dwelling); others get
    404. An owner who tried ``GRANTS.most`` grants within its window, for any
    of their dwellings, gets the form with the reason and 429.
    """
    dwelling = get_object_or_404(services.owned_dwellings(request.user), pk=pk)

    form = GrantForm(request.POST or None)
    if request.method == "POST" and ratelimit.reached(GRANTS, request.user.pk):
        logger.info("user %s: access grant refused, limit reached", request.user.pk)
        form.add_error(None, GRANTS_PAUSED % {"minutes": GRANTS.minutes})
        context = page_context(dwelling, form)
        return ratelimit.paused(
            request, "billing/dwelling_access.html", GRANTS, **context
        )

    if request.method == "POST" and form.is_valid():
        ratelimit.count(GRANTS, request.user.pk)
        try:
            access.grant(
                request.user,
                dwelling,
                form.cleaned_data["email"],
                form.cleaned_data["level"],
            )
        except access.DelegateNotFoundError:
            form.add_error("email", _("No other portal user has this e-mail address."))
        else:
            messages.success(request, _("Access granted."))
            return redirect("billing:dwelling_access", pk=dwelling.pk)

    return render(request, "billing/dwelling_access.html", page_context(dwelling, form))


def page_context(dwelling, form):
    return {
        "dwelling": dwelling,
        "form": form,
        "delegations": access.delegations(dwelling),
        # Co-owners hold their own access, by the code on the bill; the page
        # says they exist, so "nobody else" is never said wrongly.
        "other_residents": dwelling.residents.count() - 1,
    }


@require_POST
@login_required
def withdraw_access(request, pk, access_id):
    """Take one delegate's access away.

    Who may use it: only owners of the dwelling, for its own delegations; others
    get 404, and so does a delegation of another dwelling or one already gone.
    """
    dwelling = get_object_or_404(services.owned_dwellings(request.user), pk=pk)
    if not access.withdraw(request.user, dwelling, access_id):
        raise Http404("No such delegation of this dwelling.")
    messages.success(request, _("Access withdrawn."))
    return redirect("billing:dwelling_access", pk=dwelling.pk)
