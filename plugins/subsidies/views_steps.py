"""The steps of the resident's application form, each its own page whose
"Save" writes to the database at once, so a draft survives logging out.

Who may use them: the applicant alone (anyone else, the office included, gets
404), and only while the application is a draft or the office waits for more
information; otherwise every step, read or posted, sends the applicant to the
status page with the reason and changes nothing.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from plugins.subsidies import access, completeness, rules, services, steps, workflow
from plugins.subsidies.choices import ApplicationStatus as Status
from plugins.subsidies.choices import Relation
from plugins.subsidies.forms import (
    DocumentForm,
    IncomeForm,
    MemberForm,
    PropertyForm,
    ReviewForm,
)
from plugins.subsidies.models import HouseholdMember, Income, SubsidyApplication
from plugins.subsidies.views import (
    office_request,
    prefilled_services,
    summary_context,
    today_in_kyiv,
)

SAVE_AND_CONTINUE = "continue"


def closed(request, application):
    messages.warning(
        request,
        _(
            "The application is «%(status)s»: it can no longer be changed. "
            "Everything it holds is shown below."
        )
        % {"status": application.get_status_display()},
    )
    return redirect("subsidies:detail", pk=application.pk)


def form_step(methods=("GET", "HEAD", "POST"), queryset=None):
    """A view of the applicant's application while they may change it: the
    view gets the application instead of its pk."""

    def decorate(view):
        @require_http_methods(list(methods))
        @login_required
        @wraps(view)
        def wrapper(request, pk, *args, **kwargs):
            application = access.own_application(
                request.user, pk, queryset() if queryset else None
            )
            if not services.is_editable(application):
                return closed(request, application)
            try:
                return view(request, application, *args, **kwargs)
            except services.NotEditableError:
                application.refresh_from_db()
                return closed(request, application)

        return wrapper

    return decorate


def render_step(request, application, slug, template, context, status=200):
    context = {
        "application": application,
        "request_from_office": office_request(application),
        **steps.navigation(application, slug),
        **context,
    }
    return render(request, template, context, status=status)


def after_save(request, application, slug):
    """Where "Save" leads: the next step after "Save and continue", else the
    same page again."""
    navigation = steps.navigation(application, slug)
    if request.POST.get("then") == SAVE_AND_CONTINUE and navigation["next_url"]:
        return redirect(navigation["next_url"])
    return redirect(navigation["step"]["url"])


def with_transitions():
    """What every step's header shows: the address and the office's request."""
    return SubsidyApplication.objects.select_related("dwelling").prefetch_related(
        "transitions"
    )


# (a) The dwelling, as the billing records had it when the draft was started.


@form_step(queryset=with_transitions)
def dwelling(request, application):
    """The dwelling's address, area, registered persons, and its services
    with their providers, accounts and latest charges, read-only.

    Who may use it: the applicant, while the application may be changed;
    anyone else gets 404 (see the module's docstring).
    """
    if request.method == "POST":
        return after_save(request, application, "dwelling")
    context = {
        "prefill": application.prefill,
        "services": prefilled_services(application.prefill),
    }
    return render_step(
        request, application, "dwelling", "subsidies/step_dwelling.html", context
    )


# (b) The household: the applicant first, then whoever lives with them.


def members_of(application):
    return list(application.members.all())


@form_step(queryset=with_transitions)
def members(request, application):
    """The household's members, and the form adding one; the first one added
    is the applicant.

    Who may use it: the applicant, while the application may be changed;
    anyone else gets 404 (see the module's docstring).
    """
    household = members_of(application)
    is_applicant = not household
    initial = {}
    if is_applicant:
        # Ukrainian order: the surname first, as in the passport.
        user = request.user
        initial["full_name"] = f"{user.last_name} {user.first_name}".strip()
    form = MemberForm(
        request.POST or None,
        instance=HouseholdMember(application=application),
        is_applicant=is_applicant,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        with services.editing(application):
            member = form.save()
        messages.success(
            request,
            _("%(name)s is added to the household.") % {"name": member.full_name},
        )
        return after_save(request, application, "members")

    context = {"members": household, "form": form, "is_applicant": is_applicant}
    status = 400 if form.errors else 200
    return render_step(
        request,
        application,
        "members",
        "subsidies/step_members.html",
        context,
        status,
    )


@form_step(queryset=with_transitions)
def member_edit(request, application, member):
    """One member's details, to correct.

    Who may use it: the applicant, while the application may be changed;
    anyone else gets 404 (see the module's docstring).
    """
    found = get_object_or_404(application.members, pk=member)
    is_applicant = found.relation == Relation.APPLICANT
    form = MemberForm(request.POST or None, instance=found, is_applicant=is_applicant)
    if request.method == "POST" and form.is_valid():
        with services.editing(application):
            form.save()
        messages.success(
            request, _("%(name)s: saved.") % {"name": form.instance.full_name}
        )
        return redirect("subsidies:step_members", pk=application.pk)

    context = {"member": found, "form": form, "is_applicant": is_applicant}
    return render_step(
        request,
        application,
        "members",
        "subsidies/member_form.html",
        context,
        400 if form.errors else 200,
    )


@form_step()
def member_remove(request, application, member):
    """Ask to confirm, then remove a member with their incomes and documents;
    the applicant is corrected, not removed.

    Who may use it: the applicant, while the application may be changed;
    anyone else gets 404 (see the module's docstring).
    """
    found = get_object_or_404(application.members, pk=member)
    if found.relation == Relation.APPLICANT:
        messages.warning(
            request,
            _("The applicant cannot be removed; correct their details instead."),
        )
        return redirect("subsidies:step_members", pk=application.pk)

    if request.method == "POST":
        with services.editing(application):
            services.remove_member(found)
        messages.success(
            request,
            _("%(name)s is removed from the household.") % {"name": found.full_name},
        )
        return redirect("subsidies:step_members", pk=application.pk)

    context = {
        "member": found,
        "incomes": found.incomes.count(),
        "documents": found.documents.count(),
    }
    return render_step(
        request, application, "members", "subsidies/member_remove.html", context
    )


# (c) Incomes of each member over the months the rules ask for.


@form_step(queryset=with_transitions)
def incomes(request, application):
    """Each member's income by kind over the declared months, with each
    member's total and the household's.

    Who may use it: the applicant, while the application may be changed;
    anyone else gets 404 (see the module's docstring).
    """
    household = list(
        application.members.prefetch_related(
            Prefetch("incomes", queryset=Income.objects.order_by("pk"))
        )
    )
    form = IncomeForm(request.POST or None, members=household)
    if request.method == "POST" and form.is_valid():
        with services.editing(application):
            services.save_incomes(application, form.amounts())
        messages.success(request, _("The incomes are saved."))
        return after_save(request, application, "incomes")

    first, last = rules.income_period(today_in_kyiv())
    totals, household_total = services.income_totals(household)
    context = {
        "form": form,
        "rows": [
            (member, fields, total)
            for (member, fields), (_member, total) in zip(
                form.rows, totals, strict=True
            )
        ],
        "household_total": household_total,
        "period_first": first,
        "period_last": last,
    }
    return render_step(
        request,
        application,
        "incomes",
        "subsidies/step_incomes.html",
        context,
        400 if form.errors else 200,
    )


# (d) Other property and large purchases.


@form_step(queryset=with_transitions)
def property_step(request, application):
    """Whether the household owns other housing or land, or made large
    purchases, and what, when the answer is yes.

    Who may use it: the applicant, while the application may be changed;
    anyone else gets 404 (see the module's docstring).
    """
    form = PropertyForm.for_application(application, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with services.editing(application) as locked:
            form.apply(locked)
        messages.success(request, _("The answers are saved."))
        return after_save(request, application, "property")

    return render_step(
        request,
        application,
        "property",
        "subsidies/step_property.html",
        {"form": form},
        400 if form.errors else 200,
    )


# (e) Documents: scans and photos, judged by their content.


@form_step(queryset=with_transitions)
def documents(request, application):
    """The documents attached, and the form uploading more: PDF, JPEG, PNG or
    HEIC by their content, each within the size limit.

    Who may use it: the applicant, while the application may be changed;
    anyone else gets 404 (see the module's docstring).
    """
    household = members_of(application)
    held = list(application.documents.select_related("member"))
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        application=application,
        members=household,
        held=len(held),
        limit_text=filesizeformat(settings.SUBSIDY_DOCUMENT_MAX_BYTES),
    )
    if request.method == "POST" and form.is_valid():
        with services.editing(application):
            added = services.add_documents(
                application,
                form.cleaned_data["files"],
                form.cleaned_data["title"],
                form.cleaned_data["member"],
                form.content_types,
            )
        messages.success(
            request,
            ngettext(
                "%(count)d file of «%(title)s» is attached.",
                "%(count)d files of «%(title)s» are attached.",
                len(added),
            )
            % {"count": len(added), "title": form.cleaned_data["title"]},
        )
        return after_save(request, application, "documents")

    context = {"documents": held, "form": form, "members": household}
    return render_step(
        request,
        application,
        "documents",
        "subsidies/step_documents.html",
        context,
        400 if form.errors else 200,
    )


@form_step(methods=("POST",))
def document_remove(request, application, document):
    """Remove an attached document (POST only).

    Who may use it: the applicant, while the application may be changed;
    anyone else gets 404 (see the module's docstring).
    """
    found = get_object_or_404(application.documents, pk=document)
    with services.editing(application):
        services.remove_document(found)
    messages.success(request, _("«%(title)s» is removed.") % {"title": found.title})
    return redirect("subsidies:step_documents", pk=application.pk)


# (f) Review: the whole application, what is missing, consent, and sending.


@form_step(queryset=lambda: services.for_display(SubsidyApplication.objects))
def review(request, application):
    """The whole application on one page with what still keeps it from being
    sent, each linked to its step; the consent, an answer to the office when
    it asked for more, and "Send".

    Who may use it: the applicant, while the application may be changed;
    anyone else gets 404 (see the module's docstring).
    """
    answering = application.status == Status.NEEDS_INFO
    form = ReviewForm(
        request.POST or None,
        answering=answering,
        initial={"consent": application.consent_at is not None},
    )
    refused = []
    if request.method == "POST":
        with services.editing(application) as locked:
            consented = request.POST.get("consent") == "on"
            if not consented:
                locked.consent_at = None
            elif locked.consent_at is None:
                locked.consent_at = timezone.now()
        application.consent_at = locked.consent_at
        if form.is_valid():
            try:
                if answering:
                    workflow.answer(
                        application, request.user, form.cleaned_data["answer"]
                    )
                else:
                    workflow.submit(application, request.user)
            except workflow.TransitionRefusedError as error:
                refused = error.problems
            else:
                messages.success(
                    request,
                    _(
                        "Your application is sent to the social-protection office. "
                        "You will see here what it decides."
                    ),
                )
                return redirect("subsidies:detail", pk=application.pk)

    problems = [
        {"text": problem.text, "url": steps.problem_url(application, problem)}
        for problem in completeness.located_problems(application)
    ]
    context = {
        "form": form,
        "problems": problems,
        "refused": bool(refused),
        "answering": answering,
        **summary_context(application),
    }
    return render_step(
        request,
        application,
        "review",
        "subsidies/step_review.html",
        context,
        400 if request.method == "POST" else 200,
    )
