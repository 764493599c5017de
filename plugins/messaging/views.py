"""The signed-in user's private messages. A user sees only conversations they
take part in: any other conversation is answered with 404, as if it did not
exist. Anonymous visitors are sent to log in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plugins.messaging import services
from plugins.messaging.forms import (
    MessageForm,
    NewConversationForm,
    PreferencesForm,
    ReportForm,
)

INBOX_PAGE_SIZE = 20
MESSAGES_PAGE_SIZE = 50


def own_seat(request, pk):
    """The user's seat in conversation ``pk``; 404 if they are not in it."""
    seat = services.seat_of(request.user, pk)
    if seat is None:
        raise Http404
    return seat


@require_http_methods(["GET", "HEAD"])
@login_required
def inbox(request):
    """The user's conversations, newest first, unread ones marked.

    Who may see it: any signed-in user; the list holds only their own.
    """
    seats = Paginator(services.inbox_of(request.user), INBOX_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "messaging/inbox.html", {"seats": seats})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def conversation(request, pk):
    """The messages of one conversation and a reply form; opening it marks
    it read.

    Who may see it: its two participants; anyone else gets 404.
    """
    seat = own_seat(request, pk)
    other = services.other_participant(seat.conversation, request.user)
    form = MessageForm(request.POST or None)

    if request.method == "POST" and form.is_valid():
        try:
            services.post(seat.conversation, request.user, form.cleaned_data["body"])
        except services.RefusedError as refused:
            messages.error(request, refused.reason)
        else:
            return redirect("messaging:conversation", pk=pk)

    services.mark_read(seat)
    paginator = Paginator(services.messages_of(seat.conversation), MESSAGES_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page") or paginator.num_pages)
    context = {
        "conversation": seat.conversation,
        "other": other,
        "page": page,
        "form": form,
        "report_form": ReportForm(),
        "i_blocked": services.has_blocked(request.user, other),
    }
    return render(request, "messaging/conversation.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def new_conversation(request):
    """Write to a person found by display name.

    Who may see it: any signed-in user who has chosen a display name; others
    are sent to choose one first.
    """
    if not request.user.display_name:
        messages.info(request, _("Choose a display name before you write."))
        return redirect("messaging:settings")

    form = NewConversationForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            message = services.start_conversation(
                request.user,
                form.cleaned_data["recipient"],
                form.cleaned_data["body"],
            )
        except services.RateLimitedError as refused:
            form.add_error(None, refused.reason)
            return render(request, "messaging/new.html", {"form": form}, status=429)
        except services.RefusedError as refused:
            form.add_error(None, refused.reason)
        else:
            return redirect("messaging:conversation", pk=message.conversation_id)
    return render(request, "messaging/new.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def preferences(request):
    """The user's display name and message e-mails.

    Who may see it: any signed-in user, for their own settings.
    """
    form = PreferencesForm(
        request.POST or None,
        instance=request.user,
        initial={"email_on_message": services.wants_email(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        services.set_email_preference(
            request.user, form.cleaned_data["email_on_message"]
        )
        messages.success(request, _("Your messages settings are saved."))
        return redirect("messaging:inbox")
    return render(request, "messaging/settings.html", {"form": form})


@require_POST
@login_required
def block(request, pk):
    """Who may do it: a participant, to the other one; others get 404."""
    seat = own_seat(request, pk)
    services.block(
        request.user, services.other_participant(seat.conversation, request.user)
    )
    messages.success(request, _("You will not receive messages from this person."))
    return redirect("messaging:conversation", pk=pk)


@require_POST
@login_required
def unblock(request, pk):
    """Who may do it: a participant, to the other one; others get 404."""
    seat = own_seat(request, pk)
    services.unblock(
        request.user, services.other_participant(seat.conversation, request.user)
    )
    messages.success(request, _("This person can write to you again."))
    return redirect("messaging:conversation", pk=pk)


@require_POST
@login_required
def report(request, pk, message_pk):
    """Hand a received message to the moderators.

    Who may do it: the participant who received the message; anyone else,
    and the sender of the message, get 404.
    """
    seat = own_seat(request, pk)
    message = get_object_or_404(
        seat.conversation.messages.exclude(sender=request.user), pk=message_pk
    )
    form = ReportForm(request.POST)
    if form.is_valid():
        services.report(message, request.user, form.cleaned_data["reason"])
        messages.success(request, _("Thank you: the moderators will look at it."))
    else:
        messages.error(request, _("Say what is wrong with the message."))
    return redirect("messaging:conversation", pk=pk)
