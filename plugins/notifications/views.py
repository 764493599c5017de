"""The signed-in user's notices. A user sees only their own: another user's
notice is answered with 404, as if it did not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from plugins.notifications import services
from plugins.notifications.forms import SubscriptionForm
from plugins.notifications.links import is_site_path
from plugins.notifications.news import subscription_of

PAGE_SIZE = 20


@require_safe
@login_required
def index(request):
    """The user's notices, newest first, twenty a page, unread ones marked.

    Who may see it: any signed-in user; the list holds only their own notices.
    """
    notices = Paginator(services.notices_of(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/notice_list.html", {"notices": notices})


@require_POST
@login_required
def mark_all_read(request):
    """Who may do it: any signed-in user, to their own notices."""
    if services.mark_all_read(request.user):
        messages.success(request, _("All notices are marked as read."))
    return redirect("notifications:index")


@require_safe
@login_required
def open_notice(request, pk):
    """Mark the notice read and go to the page it links to.

    A link rather than a form, so it opens in a new tab like any other; being
    sent here by another site only marks the reader's own notice read.
    Only a path on this site is followed: a stored full URL leads back to the
    notices instead, so this is no open redirect.

    Who may see it: the notice's recipient; others get 404.
    """
    notice = get_object_or_404(services.notices_of(request.user), pk=pk)
    services.mark_read(notice)

    if notice.link and is_site_path(notice.link):
        return redirect(notice.link)
    return redirect("notifications:index")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def subscription(request):
    """What news the user is told of, and whether by e-mail.

    Who may see it: any signed-in user, for their own choices only.
    """
    chosen = subscription_of(request.user)
    form = SubscriptionForm(request.POST or None, instance=chosen)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your choice is saved."))
        return redirect("notifications:subscription")
    return render(request, "notifications/subscription.html", {"form": form})
