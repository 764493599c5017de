"""The plugin's own forum pages, beside the engine's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from machina.apps.forum_conversation.models import Post
from machina.apps.forum_permission.handler import PermissionHandler

from plugins.forum import finding, reports
from plugins.forum.forms import ReportForm
from plugins.forum.links import post_url
from plugins.forum.markup import plain_text

RESULTS_PER_PAGE = 20

REFUSALS = {
    "own": lambda: _("You cannot report your own post."),
    "twice": lambda: _("You have already reported this post."),
    "limit": lambda: _(
        "You have reported many posts today. Please try again tomorrow."
    ),
}


def readable_post(user, pk):
    """Post ``pk`` if ``user`` may read it; 404 otherwise, as if it did not exist."""
    post = get_object_or_404(
        Post.approved_objects.select_related("topic__forum", "poster"), pk=pk
    )
    if not PermissionHandler().can_read_forum(post.topic.forum, user):
        raise Http404
    return post


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def report_post(request, pk):
    """A reader tells the moderators what is wrong with a post.

    Who may use it: a signed-in user who may read the post's forum; a post they
    may not read is a 404, and their own post is refused with a message.
    """
    post = readable_post(request.user, pk)
    form = ReportForm(request.POST or None)

    if request.method == "POST" and form.is_valid():
        try:
            reports.report(post, request.user, form.cleaned_data["reason"])
        except reports.ReportRefusedError as refusal:
            messages.error(request, REFUSALS[str(refusal)]())
        else:
            messages.success(
                request, _("Thank you. The moderators will look at this post.")
            )
        return redirect(post_url(post))

    return render(
        request,
        "portal_forum/report.html",
        {"post": post, "form": form, "back": post_url(post)},
    )


@require_http_methods(["GET", "HEAD"])
def search(request):
    """Posts holding every word of the query.

    Who may use it: anyone; a reader finds posts only in the forums they may
    read, approved ones only.
    """
    # No post holds a NUL, which PostgreSQL cannot compare text with: a query
    # pasted with one is searched for without it rather than failing.
    query = request.GET.get("q", "").replace("\x00", "").strip()
    words = finding.words_of(query)
    page = None
    if words:
        page = Paginator(
            finding.posts_matching(words, request.user), RESULTS_PER_PAGE
        ).get_page(request.GET.get("page"))
    results = [
        (post, post_url(post), plain_text(post.content.rendered)) for post in page or ()
    ]
    return render(
        request,
        "portal_forum/search.html",
        {"query": query, "page": page, "results": results},
    )


def no_such_member(request, pk):
    """Who may see it: nobody; a member is found by number only."""
    raise Http404
