"""The steps of the resident's form, in order: each its own page, saved as
the resident goes, so a draft survives closing the browser."""

from typing import NamedTuple

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plugins.subsidies import completeness


class Step(NamedTuple):
    slug: str
    url_name: str
    title: str


STEPS = (
    Step("dwelling", "subsidies:step_dwelling", _("Dwelling")),
    Step(completeness.MEMBERS, "subsidies:step_members", _("Household")),
    Step("incomes", "subsidies:step_incomes", _("Incomes")),
    Step(completeness.PROPERTY, "subsidies:step_property", _("Property")),
    Step("documents", "subsidies:step_documents", _("Documents")),
    Step(completeness.REVIEW, "subsidies:step_review", _("Review and send")),
)
BY_SLUG = {step.slug: step for step in STEPS}
FIRST = STEPS[0]


def url(application, slug):
    return reverse(BY_SLUG[slug].url_name, args=[application.pk])


def navigation(application, current):
    """What the steps' list and the buttons need: each step with its number
    and URL and whether it is the one shown, and the URLs before and after."""
    index = [step.slug for step in STEPS].index(current)
    items = [
        {
            "number": number,
            "title": step.title,
            "url": reverse(step.url_name, args=[application.pk]),
            "current": step.slug == current,
        }
        for number, step in enumerate(STEPS, start=1)
    ]
    return {
        "steps": items,
        "step": items[index],
        "previous_url": items[index - 1]["url"] if index else None,
        "next_url": items[index + 1]["url"] if index + 1 < len(items) else None,
    }


def problem_url(application, problem):
    """Where a completeness problem is put right: the member's own form, or
    the step the problem belongs to."""
    if problem.member is not None:
        return reverse(
            "subsidies:member_edit", args=[application.pk, problem.member.pk]
        )
    if problem.step == completeness.REVIEW:
        return url(application, problem.step) + "#consent"
    return url(application, problem.step)
