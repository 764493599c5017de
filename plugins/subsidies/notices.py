"""Notices to the applicant of every step of their application, and to the
officer whose request the applicant answered, through the notifications
plugin when the site enables it."""

import logging

from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cms.core.money import format_uah
from plugins.subsidies.choices import ApplicationStatus as Status

logger = logging.getLogger(__name__)

#: The office's screen of an application in the admin.
OFFICE_SCREEN = "subsidies_applications_modeladmin_inspect"


def notify_applicant(sender, application, transition, **kwargs):
    """A notice and an e-mail to the applicant on every step of their
    application; nothing when the notifications plugin is switched off."""
    if not apps.is_installed("plugins.notifications"):
        return
    from plugins.notifications import services as notifications

    applicant = application.applicant
    with translation.override(notifications.recipient_language(applicant)):
        subject, body = compose(application, transition)
        link = status_page(application)

    notifications.notify(applicant, subject, body, link)


def notify_officer(sender, application, transition, **kwargs):
    """A notice to the officer who asked for more when the applicant answers,
    so the application does not wait unseen in their review."""
    answered_request = (transition.from_status, transition.to_status) == (
        Status.NEEDS_INFO,
        Status.IN_REVIEW,
    )
    officer = application.assignee
    if not answered_request or officer is None:
        return
    if not apps.is_installed("plugins.notifications"):
        return
    from plugins.notifications import services as notifications

    with translation.override(notifications.recipient_language(officer)):
        subject = _("The applicant answered on application no. %(number)s") % {
            "number": application.pk
        }
        body = "\n\n".join([subject, transition.message])
    link = reverse(OFFICE_SCREEN, args=[application.pk])
    notifications.notify(officer, subject, body, link)


def compose(application, transition):
    """The notice's subject and text for the step, in the active language."""
    facts = {
        "number": application.pk,
        "address": address(application),
        "date": short_date(timezone.localtime(transition.at)),
    }
    write = WRITERS[transition.to_status]
    return write(facts, application, transition)


def sent(facts, application, transition):
    return (
        _("Application no. %(number)s is sent") % facts,
        _(
            "Your application no. %(number)s for a housing subsidy for "
            "%(address)s reached the social-protection office on %(date)s. "
            "You will be told of each step the office takes on it."
        )
        % facts,
    )


def answered(facts, application, transition):
    return (
        _("Your answer on application no. %(number)s is sent") % facts,
        _(
            "What you added to application no. %(number)s for %(address)s "
            "reached the social-protection office on %(date)s, and the office "
            "goes on with its review."
        )
        % facts,
    )


def taken(facts, application, transition):
    if transition.from_status == Status.NEEDS_INFO:
        return answered(facts, application, transition)
    return (
        _("Application no. %(number)s is taken into work") % facts,
        _(
            "The social-protection office has begun to review your application "
            "no. %(number)s for %(address)s. If anything is missing, the office "
            "will ask you for it."
        )
        % facts,
    )


def information_requested(facts, application, transition):
    paragraphs = [
        _(
            "The social-protection office needs more from you to decide on "
            "application no. %(number)s for %(address)s. The office writes:"
        )
        % facts,
        transition.message,
        _(
            "Add the documents or corrections on the application's page and "
            "send it again."
        ),
    ]
    return (
        _("The office asks for more on application no. %(number)s") % facts,
        "\n\n".join(paragraphs),
    )


def approved(facts, application, transition):
    decision = {
        **facts,
        "decision": application.decision_number,
        "start": short_date(application.period_from),
        "end": short_date(application.period_to),
    }
    amounts = application.amounts.select_related("service").order_by(
        "service__sort_order"
    )
    paragraphs = [
        _(
            "The social-protection office granted a housing subsidy on "
            "application no. %(number)s for %(address)s."
        )
        % decision,
        _("Decision no. %(decision)s, from %(start)s to %(end)s.") % decision,
        "\n".join(
            [_("A month, by service:")]
            + [f"— {a.service.name}: {format_uah(a.monthly)}" for a in amounts]
        ),
    ]
    return (
        _("A subsidy is granted on application no. %(number)s") % facts,
        "\n\n".join(paragraphs),
    )


def rejected(facts, application, transition):
    reason = application.get_rejection_reason_display()
    paragraphs = [
        _(
            "The social-protection office refused the housing subsidy on "
            "application no. %(number)s for %(address)s."
        )
        % facts,
        _("Reason: %(reason)s.") % {"reason": reason},
    ]
    if application.rejection_text:
        paragraphs.append(application.rejection_text)
    return (
        _("Application no. %(number)s is refused") % facts,
        "\n\n".join(paragraphs),
    )


def withdrawn(facts, application, transition):
    return (
        _("Application no. %(number)s is withdrawn") % facts,
        _(
            "Application no. %(number)s for a housing subsidy for %(address)s "
            "was withdrawn on %(date)s. The office will not review it; you may "
            "start a new one from your cabinet."
        )
        % facts,
    )


#: Who writes the notice of a step into each status.
WRITERS = {
    Status.SUBMITTED: sent,
    Status.IN_REVIEW: taken,
    Status.NEEDS_INFO: information_requested,
    Status.APPROVED: approved,
    Status.REJECTED: rejected,
    Status.WITHDRAWN: withdrawn,
}


def address(application):
    """The address as billing gave it when the draft was started."""
    return application.prefill.get("address") or str(application.dwelling)


def short_date(value):
    return date_format(value, "SHORT_DATE_FORMAT")


def status_page(application):
    """The resident's page of the application, as a path on this site."""
    return reverse("subsidies:detail", args=[application.pk])
