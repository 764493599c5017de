"""What an application must hold before it is sent: each problem a sentence
that names the member or the question, so the resident knows where to look,
and the step of the form (and the member) it belongs to, so the review page
can link to the place to put it right."""

from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from plugins.subsidies.choices import Relation
from plugins.subsidies.validation import clean_rnokpp

# The steps of the resident's form a problem can point to (see steps.py).
MEMBERS, PROPERTY, REVIEW = "members", "property", "review"


class Problem(NamedTuple):
    """One reason an application cannot be sent: the sentence the resident
    reads, the step where it is put right and the member it concerns."""

    step: str
    text: str
    member: object = None

    def __str__(self):
        return self.text


def member_problems(member):
    if member.no_rnokpp_reason.strip():
        return []
    if not member.rnokpp.strip():
        return [
            _("%(name)s: give the РНОКПП or say why there is none.")
            % {"name": member.full_name}
        ]
    try:
        clean_rnokpp(member.rnokpp)
    except ValidationError as error:
        return [f"{member.full_name}: {error.messages[0]}"]
    return []


def question_problems(application):
    problems = []
    questions = (
        (
            application.has_other_property,
            application.property_details,
            _("Say whether the household owns other housing or land."),
        ),
        (
            application.has_large_purchases,
            application.purchases_details,
            _("Say whether the household made large purchases in the last year."),
        ),
    )
    for answer, details, unanswered in questions:
        if answer is None:
            problems.append(unanswered)
        elif answer and not details.strip():
            problems.append(_("Describe what a «yes» answer refers to."))
    return problems


def located_problems(application):
    """Every reason the application cannot be sent yet, as Problems in the
    order of the form's steps; empty when it can be sent."""
    members = list(application.members.all())
    found = []
    applicants = [m for m in members if m.relation == Relation.APPLICANT]
    if len(applicants) != 1:
        found.append(
            Problem(MEMBERS, _("Name exactly one household member as the applicant."))
        )
    for member in members:
        found += [Problem(MEMBERS, text, member) for text in member_problems(member)]
    found += [Problem(PROPERTY, text) for text in question_problems(application)]
    if application.consent_at is None:
        found.append(
            Problem(REVIEW, _("Give your consent to the processing of personal data."))
        )
    return found


def problems(application):
    """Every reason the application cannot be sent yet; empty when it can."""
    return [problem.text for problem in located_problems(application)]
