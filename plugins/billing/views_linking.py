"""Linking and unlinking dwellings in the resident's cabinet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.http import require_http_methods

from plugins.billing import access, linking, ratelimit, services
from plugins.billing.forms import LinkDwellingForm

# One message for an unknown account and a wrong code: a refusal must not tell
# whether the account exists.
REFUSED = _(
    "The account number and access code do not match. Check them against the bill "
    "and try again."
)
# Which limit paused the try decides what the resident is told: their own
# wrong codes, or an account many people guessed at.
PAUSED = {
    linking.USER_FAILURES: ngettext_lazy(
        "You entered too many wrong access codes. For your security, you can link "
        "a dwelling again in %(minutes)s minute at the latest.",
        "You entered too many wrong access codes. For your security, you can link "
        "a dwelling again in %(minutes)s minutes at the latest.",
        "minutes",
    ),
    linking.ACCOUNT_FAILURES: ngettext_lazy(
        "Too many wrong access codes were entered for this account number lately. "
        "To protect it, linking by it is paused for everyone for at most "
        "%(minutes)s minute; please try again later.",
        "Too many wrong access codes were entered for this account number lately. "
        "To protect it, linking by it is paused for everyone for at most "
        "%(minutes)s minutes; please try again later.",
        "minutes",
    ),
}


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def link_dwelling(request):
    """The form to link a dwelling by account number and access code.

    Who may use it: any signed-in user. A user with too many wrong codes lately,
    or anyone trying an account too many wrong codes were entered for, gets the
    form with the reason and 429 until the pause ends.
    """
    form = LinkDwellingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dwelling = services.link_dwelling(
                request.user,
                form.cleaned_data["provider"],
                form.cleaned_data["number"],
                form.cleaned_data["code"],
            )
        except services.TooManyAttemptsError as error:
            limit = error.limit
            form.add_error(None, PAUSED[limit] % {"minutes": limit.minutes})
            return ratelimit.paused(
                request, "billing/link_dwelling.html", limit, form=form
            )
        except services.LinkRefusedError:
            form.add_error(None, REFUSED)
        else:
            messages.success(
                request,
                _("The dwelling %(address)s is linked to your cabinet.")
                % {"address": dwelling.address},
            )
            return redirect("billing:dwelling", pk=dwelling.pk)

    return render(request, "billing/link_dwelling.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def unlink_dwelling(request, pk):
    """Ask to confirm, then remove the dwelling from this user's cabinet only.

    Who may use it: residents linked to the dwelling; others get 404. The page
    tells how many people lose the access that ends with this owner leaving.
    """
    # A delegate's access is withdrawn by the owner, not unlinked.
    dwelling = get_object_or_404(services.owned_dwellings(request.user), pk=pk)

    if request.method == "POST":
        services.unlink_dwelling(request.user, dwelling)
        messages.success(
            request,
            _("The dwelling %(address)s is no longer in your cabinet.")
            % {"address": dwelling.address},
        )
        return redirect("billing:cabinet")

    last_owner = access.is_last_owner(request.user, dwelling)
    context = {
        "dwelling": dwelling,
        "last_owner": last_owner,
        "losing_access": access.ending_with(request.user, dwelling, last_owner).count(),
    }
    return render(request, "billing/unlink_dwelling.html", context)
