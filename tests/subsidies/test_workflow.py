"""Every step of an application, who may take it, and every step its status
refuses: a refused step changes nothing and records nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from plugins.subsidies import signals, workflow
from plugins.subsidies.choices import ApplicationStatus as Status
from plugins.subsidies.choices import RejectionReason
from plugins.subsidies.models import HouseholdMember, SubsidyApplication, Transition

pytestmark = pytest.mark.django_db

ALL = list(Status)


def set_status(application, status):
    SubsidyApplication.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application


def approve(application, officer, services):
    return workflow.approve(
        application,
        officer,
        "СП-2026/117",
        date(2026, 12, 1),
        date(2027, 4, 30),
        {services["water_supply"]: Decimal("120.50")},
    )


def step_to(status, application, resident, officer, services):
    """Take the step into ``status`` as the one who may take it: back into
    review is the applicant's answer when the office asked for more."""
    if application.status == Status.NEEDS_INFO and status == Status.IN_REVIEW:
        return workflow.answer(application, resident, "Довідку додано.")
    steps = {
        Status.SUBMITTED: lambda: workflow.submit(application, resident),
        Status.WITHDRAWN: lambda: workflow.withdraw(application, resident),
        Status.IN_REVIEW: lambda: workflow.take(application, officer),
        Status.NEEDS_INFO: lambda: workflow.request_information(
            application, officer, "Додайте довідку про доходи за третій квартал."
        ),
        Status.APPROVED: lambda: approve(application, officer, services),
        Status.REJECTED: lambda: workflow.reject(
            application, officer, RejectionReason.INCOME, "Дохід вищий за межу."
        ),
    }
    return steps[status]()


@pytest.mark.parametrize(("start", "end"), sorted(workflow.STEPS))
def test_each_allowed_step_is_taken_and_recorded(
    start, end, application, resident, officer, services
):
    set_status(application, start)

    moved = step_to(end, application, resident, officer, services)

    assert moved.status == end
    step = Transition.objects.get()
    assert (step.from_status, step.to_status) == (start, end)
    assert step.by == (
        resident if workflow.STEPS[(start, end)] == "applicant" else officer
    )


REFUSED = [
    (start, end)
    for start in ALL
    for end in ALL
    if end != Status.DRAFT and (start, end) not in workflow.STEPS
]


@pytest.mark.parametrize(("start", "end"), REFUSED)
def test_each_step_the_status_does_not_allow_is_refused(
    start, end, application, resident, officer, services
):
    set_status(application, start)

    with pytest.raises(workflow.TransitionRefusedError):
        step_to(end, application, resident, officer, services)

    application.refresh_from_db()
    assert application.status == start
    assert not Transition.objects.exists()


def test_the_refusal_names_both_statuses_in_ukrainian(application, resident, officer):
    set_status(application, Status.APPROVED)

    with pytest.raises(workflow.TransitionRefusedError) as refused:
        workflow.withdraw(application, resident)

    assert str(refused.value) == (
        "Заява зі статусом «схвалено» не може отримати статус «відкликано»."
    )


def test_only_the_applicant_sends_and_only_staff_decide(
    application, neighbour, resident, officer
):
    with pytest.raises(PermissionDenied):
        workflow.submit(application, neighbour)
    with pytest.raises(PermissionDenied):
        workflow.submit(application, officer)
    workflow.submit(application, resident)
    with pytest.raises(PermissionDenied):
        workflow.take(application, resident)
    with pytest.raises(PermissionDenied):
        workflow.take(application, neighbour)

    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert Transition.objects.count() == 1


def test_a_request_for_information_says_what_is_missing(application, officer):
    set_status(application, Status.IN_REVIEW)

    with pytest.raises(workflow.TransitionRefusedError):
        workflow.request_information(application, officer, "   ")

    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW


def test_an_approval_keeps_the_decision_and_its_amounts(application, officer, services):
    set_status(application, Status.IN_REVIEW)

    approve(application, officer, services)

    application.refresh_from_db()
    assert application.decision_number == "СП-2026/117"
    assert (application.period_from, application.period_to) == (
        date(2026, 12, 1),
        date(2027, 4, 30),
    )
    assert [(a.service.code, a.monthly) for a in application.amounts.all()] == [
        ("water_supply", Decimal("120.50"))
    ]


def test_an_approval_without_a_number_or_with_a_period_backwards_is_refused(
    application, officer, services
):
    set_status(application, Status.IN_REVIEW)
    amounts = {services["water_supply"]: Decimal("10.00")}

    for number, start, end in [
        ("", date(2026, 12, 1), date(2027, 4, 30)),
        ("СП-1", date(2027, 4, 30), date(2026, 12, 1)),
    ]:
        with pytest.raises(workflow.TransitionRefusedError):
            workflow.approve(application, officer, number, start, end, amounts)

    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert not application.amounts.exists()


def test_taking_an_application_assigns_it(application, officer):
    set_status(application, Status.SUBMITTED)

    workflow.take(application, officer)

    application.refresh_from_db()
    assert application.assignee == officer


def test_an_incomplete_draft_is_not_sent_and_says_what_is_missing(resident, flat):
    draft = SubsidyApplication.objects.create(dwelling=flat, applicant=resident)
    HouseholdMember.objects.create(
        application=draft,
        full_name="Коваленко Петро",
        birth_date=date(1995, 5, 1),
        relation="child",
        rnokpp="1759013777",
    )

    with pytest.raises(workflow.TransitionRefusedError) as refused:
        workflow.submit(draft, resident)

    assert refused.value.problems == [
        "Укажіть рівно одного члена домогосподарства як заявника.",
        "Коваленко Петро: 1759013777 — не дійсний РНОКПП: він має десять цифр, "
        "і остання має відповідати іншим. Перевірте номер на картці платника "
        "податків.",
        "Укажіть, чи має домогосподарство інше житло або землю.",
        "Укажіть, чи здійснювало домогосподарство великі придбання за останній рік.",
        "Надайте згоду на обробку персональних даних.",
    ]
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert not Transition.objects.exists()


def test_a_member_without_rnokpp_states_why(application, resident):
    application.members.update(rnokpp="", no_rnokpp_reason="")

    with pytest.raises(workflow.TransitionRefusedError) as refused:
        workflow.submit(application, resident)

    assert refused.value.problems == [
        "Коваленко Олена Іванівна: укажіть РНОКПП або причину, чому його немає."
    ]

    application.members.update(
        no_rnokpp_reason="відмова від номера з релігійних переконань"
    )
    assert workflow.submit(application, resident).status == Status.SUBMITTED


def test_a_step_is_announced_once_committed_and_a_decision_as_well(
    application, resident, officer, services, django_capture_on_commit_callbacks
):
    heard = []

    def moved(sender, application, transition, **kwargs):
        heard.append(("moved", transition.to_status))

    def decided(sender, application, **kwargs):
        heard.append(("decided", application.decision_number))

    signals.application_moved.connect(moved)
    signals.subsidy_decided.connect(decided)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            workflow.submit(application, resident)
            workflow.take(application, officer)
            approve(application, officer, services)
        with (
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(workflow.TransitionRefusedError),
        ):
            workflow.withdraw(application, resident)
    finally:
        signals.application_moved.disconnect(moved)
        signals.subsidy_decided.disconnect(decided)

    assert heard == [
        ("moved", Status.SUBMITTED),
        ("moved", Status.IN_REVIEW),
        ("moved", Status.APPROVED),
        ("decided", "СП-2026/117"),
    ]
