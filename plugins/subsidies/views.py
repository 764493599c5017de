"""The resident's subsidy pages besides the form's steps: their applications,
starting one, an application's status and history, withdrawing it, and the
documents it holds.

Every page but the document is the applicant's alone: anyone else, the
social-protection office included (it has screens of its own), gets 404.
"""

import logging
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from plugins.billing import services as billing
from plugins.subsidies import access, services, steps, workflow
from plugins.subsidies.choices import ApplicationStatus as Status
from plugins.subsidies.form_links import submitted_form_links
from plugins.subsidies.forms import WithdrawForm
from plugins.subsidies.models import SubsidyApplication

logger = logging.getLogger(__name__)

# What each step of the history was, as the resident reads it.
EVENTS = {
    (Status.DRAFT, Status.SUBMITTED): gettext_lazy("The application was sent"),
    (Status.NEEDS_INFO, Status.IN_REVIEW): gettext_lazy(
        "The application was sent again with the answer"
    ),
    (Status.SUBMITTED, Status.IN_REVIEW): gettext_lazy("Taken into work"),
    (Status.IN_REVIEW, Status.NEEDS_INFO): gettext_lazy(
        "More information was requested"
    ),
    (Status.IN_REVIEW, Status.APPROVED): gettext_lazy("The subsidy was granted"),
    (Status.IN_REVIEW, Status.REJECTED): gettext_lazy("The subsidy was refused"),
}
WITHDRAWN = gettext_lazy("The application was withdrawn")


@require_safe
@login_required
def index(request):
    """The signed-in resident's applications, and a button to apply for each
    of their own dwellings that has no application in progress.

    Who may see it: any signed-in user; the list holds only their own
    applications and the dwellings they are linked to as a resident (not
    those delegated to them).
    """
    applications = list(
        SubsidyApplication.objects.filter(applicant=request.user)
        .select_related("dwelling")
        .order_by("-created_at", "-pk")
    )
    # A dwelling with an application in progress, or a subsidy in force, is
    # not offered a new one.
    taken = {
        application.dwelling_id
        for application in applications
        if application.status in services.OPEN
    }
    taken |= set(services.granted_until(applications, today_in_kyiv()))
    dwellings = billing.owned_dwellings(request.user).order_by(
        "street", "house", "apartment"
    )
    context = {
        "applications": applications,
        "to_apply": [d for d in dwellings if d.pk not in taken],
    }
    return render(request, "subsidies/index.html", context)


@require_POST
@login_required
def start(request, dwelling):
    """Start an application for the dwelling and open its first step; an
    application in progress is opened instead of a second one.

    Who may use it: residents linked to the dwelling (POST only); a delegate
    or anyone else gets 404. While a subsidy granted to the resident for the
    dwelling is in force, it opens that decision instead.
    """
    found = get_object_or_404(billing.owned_dwellings(request.user), pk=dwelling)
    granted = services.granted_until(
        SubsidyApplication.objects.filter(applicant=request.user, dwelling=found),
        today_in_kyiv(),
    ).get(found.pk)
    if granted is not None:
        messages.info(
            request,
            _(
                "A subsidy is granted for this dwelling until %(date)s; apply "
                "again when that period ends."
            )
            % {"date": date_format(granted.period_to, "d.m.Y")},
        )
        return redirect("subsidies:detail", pk=granted.pk)
    application = services.start_application(request.user, found)
    if not services.is_editable(application):
        return redirect("subsidies:detail", pk=application.pk)
    return redirect(steps.FIRST.url_name, pk=application.pk)


def today_in_kyiv():
    return timezone.localdate(timezone=services.KYIV)


def event(transition):
    if transition.to_status == Status.WITHDRAWN:
        return WITHDRAWN
    found = EVENTS.get((transition.from_status, transition.to_status))
    if found is None:
        return f"{Status(transition.from_status).label} → {Status(transition.to_status).label}"
    return found


def history(application):
    """Each recorded step, oldest first: when, what, whether the resident or
    the office took it, and what they wrote."""
    return [
        {
            "at": transition.at,
            "what": event(transition),
            "by_applicant": transition.by_id == application.applicant_id,
            "message": transition.message,
        }
        for transition in application.transitions.all()
    ]


def office_request(application):
    """What the office asked for last, while the application waits for it."""
    if application.status != Status.NEEDS_INFO:
        return None
    asked = [
        transition
        for transition in application.transitions.all()
        if transition.to_status == Status.NEEDS_INFO
    ]
    return asked[-1] if asked else None


def may_withdraw(application):
    return (application.status, Status.WITHDRAWN) in workflow.STEPS


@require_safe
@login_required
def detail(request, pk):
    """An application's status, its history with the office's messages, what
    the office asks for when it needs more, its decision, and everything the
    resident declared.

    Who may see it: the applicant; anyone else gets 404.
    """
    application = access.own_application(
        request.user, pk, services.for_display(SubsidyApplication.objects)
    )
    context = {
        "application": application,
        "history": history(application),
        "request_from_office": office_request(application),
        "editable": services.is_editable(application),
        "may_withdraw": may_withdraw(application),
        "first_step_url": steps.url(application, steps.FIRST.slug),
        "review_url": steps.url(application, "review"),
        "statuses": Status,
        "submitted_forms": submitted_form_links(application),
    }
    context.update(summary_context(application))
    return render(request, "subsidies/detail.html", context)


def summary_context(application):
    """What the whole-application summary shows, from the prefetched rows."""
    members = list(application.members.all())
    totals, household_total = services.income_totals(members)
    return {
        "members": members,
        "income_totals": totals,
        "household_total": household_total,
        "documents": list(application.documents.all()),
        "prefill": application.prefill,
        "prefilled_services": prefilled_services(application.prefill),
    }


def prefilled_services(prefill):
    """The services billing named when the draft was started, each month a date."""
    return [
        {**row, "month": parse_date(row.get("month") or "")}
        for row in prefill.get("services", [])
    ]


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def withdraw(request, pk):
    """Ask to confirm, then withdraw the application; the office no longer
    handles it and a new one can be started.

    Who may use it: the applicant, while the application is a draft, sent or
    waiting for information; later it shows the status page with the reason.
    Anyone else gets 404.
    """
    application = access.own_application(request.user, pk)
    if not may_withdraw(application):
        messages.warning(
            request,
            _("An application that is «%(status)s» can no longer be withdrawn.")
            % {"status": application.get_status_display()},
        )
        return redirect("subsidies:detail", pk=application.pk)

    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.withdraw(application, request.user, form.cleaned_data["reason"])
        except workflow.TransitionRefusedError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("The application is withdrawn."))
        return redirect("subsidies:detail", pk=application.pk)

    context = {"application": application, "form": form}
    return render(request, "subsidies/withdraw.html", context)


def download_name(document):
    """A file name for the browser: the document's title in letters, digits
    and a few safe marks, with the extension of its stored type."""
    stem = re.sub(r"[^\w\s.()-]+", " ", document.title)
    stem = re.sub(r"\s+", " ", stem).strip(" .")[:80].strip()
    extension = services.EXTENSIONS.get(document.content_type, "")
    return f"{stem or f'document-{document.pk}'}{extension}"


@require_safe
@login_required
def document(request, pk):
    """One uploaded document, downloaded as a file with its stored type.

    Who may see it: the applicant, and the social-protection office once the
    application is sent; anyone else gets 404.
    """
    found = access.document_for(request.user, pk)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        logger.error("subsidy document %s: its file %s is missing", pk, found.file)
        raise Http404("The document's file is missing.") from None
    # Downloaded, never shown on the portal's own origin: a file that passed
    # the content checks yet carries something a browser would run stays inert.
    response = FileResponse(
        handle,
        as_attachment=True,
        content_type=found.content_type,
        filename=download_name(found),
    )
    # The stored type was judged by the content on upload: the browser must
    # take it as it is, and no shared cache may keep someone's passport.
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True)
    return response
