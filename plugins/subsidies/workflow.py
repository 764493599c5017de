"""The steps an application goes through, and who may take each.

Every step is a recorded Transition: who moved the application from which
status to which, when and with what message. A step the current status does
not allow, or that the user may not take, is refused and changes nothing.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms import audit
from cms.core.pdf import DocumentError
from plugins.subsidies import completeness, printing, signals
from plugins.subsidies.choices import ApplicationStatus as Status
from plugins.subsidies.models import SubsidyAmount, SubsidyApplication, Transition

logger = logging.getLogger(__name__)

#: (from, to) -> who takes the step: the applicant or the office's staff.
STEPS = {
    (Status.DRAFT, Status.SUBMITTED): "applicant",
    # The answer goes straight back to the officer who asked for it.
    (Status.NEEDS_INFO, Status.IN_REVIEW): "applicant",
    (Status.DRAFT, Status.WITHDRAWN): "applicant",
    (Status.SUBMITTED, Status.WITHDRAWN): "applicant",
    (Status.NEEDS_INFO, Status.WITHDRAWN): "applicant",
    (Status.SUBMITTED, Status.IN_REVIEW): "staff",
    (Status.IN_REVIEW, Status.NEEDS_INFO): "staff",
    (Status.IN_REVIEW, Status.APPROVED): "staff",
    (Status.IN_REVIEW, Status.REJECTED): "staff",
}

STAFF_PERMISSION = "subsidies.change_subsidyapplication"


class TransitionRefusedError(Exception):
    """A step the application's status does not allow, or an application not
    complete enough for it; the message says why, ``problems`` lists each."""

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.problems = list(problems) or [message]


def is_staff(user):
    return user.is_authenticated and user.has_perm(STAFF_PERMISSION)


def may_handle(application, user):
    """Whether ``user`` may take the office's steps on ``application``: staff
    of the office, but not on an application of their own, which a colleague
    decides on."""
    return is_staff(user) and application.applicant_id != user.pk


def check_actor(application, user, role):
    if role == "applicant" and application.applicant_id != user.pk:
        raise PermissionDenied("Only the applicant takes this step.")
    if role == "staff" and not may_handle(application, user):
        raise PermissionDenied(
            "Only the social-protection office takes this step, and never on "
            "an application of its own member."
        )


def move(application, to_status, user, message="", change=None):
    """Take one step under a lock on the application; ``change`` fills the
    step's own fields on the locked row before it is saved."""
    with transaction.atomic():
        locked = SubsidyApplication.objects.select_for_update().get(pk=application.pk)
        role = STEPS.get((locked.status, to_status))
        if role is None:
            raise TransitionRefusedError(
                _("An application that is %(current)s cannot become %(wanted)s.")
                % {
                    "current": Status(locked.status).label,
                    "wanted": Status(to_status).label,
                }
            )
        check_actor(locked, user, role)
        if change:
            change(locked)

        from_status = locked.status
        locked.status = to_status
        locked.save()
        transition = Transition.objects.create(
            application=locked,
            from_status=from_status,
            to_status=to_status,
            by=user,
            message=message,
        )
        # With the step, in its transaction: the message stays out, since it
        # may speak of the household.
        audit.record(
            "subsidies.application.moved",
            actor=user,
            target=locked,
            from_status=from_status,
            to_status=to_status,
        )
        # In the same transaction: a decision whose grants or notices cannot
        # be written is not taken, rather than taken without them.
        announce(locked, transition)
    logger.info(
        "subsidy application %s: %s -> %s by user %s",
        locked.pk,
        from_status,
        to_status,
        user.pk,
    )
    return locked


def announce(application, transition):
    signals.application_moved.send(
        sender=SubsidyApplication, application=application, transition=transition
    )
    if transition.to_status == Status.APPROVED:
        signals.subsidy_decided.send(sender=SubsidyApplication, application=application)


def submit(application, user):
    """The applicant sends the draft; an application missing anything the
    office needs is not sent."""
    return move(application, Status.SUBMITTED, user, change=stamp_sending)


def answer(application, user, message):
    """The applicant answers the office's request with ``message``, kept on
    the step, and the corrected application: it goes back into the review of
    the officer who asked, with new forms."""
    if not message.strip():
        raise TransitionRefusedError(
            _("Write to the office what you added or corrected.")
        )
    return move(
        application, Status.IN_REVIEW, user, message.strip(), change=stamp_sending
    )


def stamp_sending(locked):
    """Check the application is whole, note when it was first sent and file
    the forms of this sending."""
    missing = completeness.problems(locked)
    if missing:
        raise TransitionRefusedError(" ".join(missing), missing)
    sent_at = timezone.now()
    locked.submitted_at = locked.submitted_at or sent_at
    file_forms(locked, sent_at)


def file_forms(application, sent_at):
    """The PDFs the office receives with this sending; an application whose
    forms cannot be made is not sent, since the office would get nothing."""
    try:
        printing.file_forms(application, sent_at)
    except DocumentError:
        logger.exception("subsidy application %s: forms did not render", application.pk)
        raise TransitionRefusedError(
            _(
                "The application's forms could not be prepared, so it was not "
                "sent. Please try again later."
            )
        ) from None


def withdraw(application, user, message=""):
    return move(application, Status.WITHDRAWN, user, message)


def take(application, staff):
    """A member of the office takes the application into work."""

    def assign(locked):
        locked.assignee = staff

    return move(application, Status.IN_REVIEW, staff, change=assign)


def request_information(application, staff, message):
    if not message.strip():
        raise TransitionRefusedError(_("Say what the applicant should add or correct."))
    return move(application, Status.NEEDS_INFO, staff, message)


def approve(application, staff, number, period_from, period_to, amounts):
    """Grant the subsidy: ``amounts`` maps each service to its monthly sum."""
    if not number.strip() or period_to < period_from or not amounts:
        raise TransitionRefusedError(
            _(
                "A decision needs its number, a period that ends after it starts "
                "and a monthly amount for at least one service."
            )
        )

    def decide(locked):
        locked.decision_number = number.strip()
        locked.period_from, locked.period_to = period_from, period_to
        locked.amounts.all().delete()
        SubsidyAmount.objects.bulk_create(
            SubsidyAmount(application=locked, service=service, monthly=monthly)
            for service, monthly in amounts.items()
        )

    return move(application, Status.APPROVED, staff, change=decide)


def reject(application, staff, reason, text=""):
    def decide(locked):
        locked.rejection_reason, locked.rejection_text = reason, text

    return move(application, Status.REJECTED, staff, text, change=decide)
