"""Each step the office takes through its screens: what it records, what the
form refuses, and a step the status no longer allows, which changes nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from plugins.subsidies.choices import ApplicationStatus, RejectionReason
from plugins.subsidies.models import SubsidyAmount, SubsidyApplication, Transition
from tests.subsidies.office_fixtures import (  # noqa: F401
    colleague,
    office_member,
    sent,
    step_url,
    turned_away,
    viewer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(application):
    application.prefill = {
        "address": "вул. Соборна, 12, кв. 5",
        "street": "вул. Соборна",
        "services": [
            {"service": "water_supply", "service_name": "Водопостачання"},
            {"service": "sewerage", "service_name": "Водовідведення"},
        ],
    }
    application.save()
    return sent(application)


@pytest.fixture
def in_review(submitted, office_member):  # noqa: F811
    return sent(submitted, ApplicationStatus.IN_REVIEW, assignee=office_member)


@pytest.fixture
def officer_client(client, office_member):  # noqa: F811
    client.force_login(office_member)
    return client


def said(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def reloaded(application):
    return SubsidyApplication.objects.get(pk=application.pk)


def test_taking_into_work_assigns_the_application_to_me(
    officer_client,
    submitted,
    office_member,  # noqa: F811
):
    response = officer_client.post(step_url("take", submitted))

    application = reloaded(submitted)
    assert response.status_code == 302
    assert application.status == ApplicationStatus.IN_REVIEW
    assert application.assignee == office_member
    assert Transition.objects.get().by == office_member
    assert [level for level, _ in said(response)] == ["success"]
    assert f"№ {submitted.pk}" in said(response)[0][1]


def test_taking_an_application_a_colleague_took_already_is_refused(
    officer_client,
    submitted,
    colleague,  # noqa: F811
):
    sent(submitted, ApplicationStatus.IN_REVIEW, assignee=colleague)

    response = officer_client.post(step_url("take", submitted))

    assert reloaded(submitted).assignee == colleague
    assert not Transition.objects.exists()
    assert [level for level, _ in said(response)] == ["error"]


def test_take_is_a_post_only(officer_client, submitted):
    assert officer_client.get(step_url("take", submitted)).status_code == 405
    assert reloaded(submitted).status == ApplicationStatus.SUBMITTED


def test_a_step_without_the_csrf_token_is_refused(office_member, submitted):  # noqa: F811
    client = Client(enforce_csrf_checks=True)
    client.force_login(office_member)

    response = client.post(step_url("take", submitted))

    assert response.status_code == 403
    assert reloaded(submitted).status == ApplicationStatus.SUBMITTED


def test_requesting_information_records_the_message(
    officer_client,
    in_review,
):
    message = "Додайте довідку про доходи за третій квартал."

    response = officer_client.post(
        step_url("request_information", in_review), {"message": message}
    )

    assert response.status_code == 302
    assert reloaded(in_review).status == ApplicationStatus.NEEDS_INFO
    assert Transition.objects.get().message == message
    assert [level for level, _ in said(response)] == ["success"]


def test_a_request_without_a_message_is_refused_on_the_form(
    officer_client,
    in_review,
):
    response = officer_client.post(
        step_url("request_information", in_review), {"message": "   "}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["message"]
    assert reloaded(in_review).status == ApplicationStatus.IN_REVIEW


def test_a_request_on_a_submitted_application_is_refused(officer_client, submitted):
    response = officer_client.post(
        step_url("request_information", submitted), {"message": "Додайте довідку."}
    )

    assert response.status_code == 302
    assert reloaded(submitted).status == ApplicationStatus.SUBMITTED
    assert not Transition.objects.exists()
    level, text = said(response)[0]
    assert level == "error"
    assert f"№ {submitted.pk}" in text


def test_the_form_of_a_step_the_status_no_longer_allows_is_not_shown(
    officer_client,
    submitted,
):
    response = officer_client.get(step_url("approve", submitted))

    assert response.status_code == 302
    assert [level for level, _ in said(response)] == ["error"]


def test_the_approval_form_asks_an_amount_for_each_service_of_the_dwelling(
    officer_client,
    in_review,
    services,
):
    response = officer_client.get(step_url("approve", in_review))

    form = response.context["form"]
    assert [service.code for service in form.services] == ["water_supply", "sewerage"]
    assert "amount_water_supply" in response.content.decode()


def approval(**amounts):
    return {
        "number": "СП-2026/117",
        "period_from": "2026-12-01",
        "period_to": "2027-04-30",
        **amounts,
    }


def test_approving_records_the_decision_and_the_amounts_given(
    officer_client,
    in_review,
    services,
):
    response = officer_client.post(
        step_url("approve", in_review),
        approval(amount_water_supply="120.50", amount_sewerage=""),
    )

    application = reloaded(in_review)
    assert response.status_code == 302
    assert application.status == ApplicationStatus.APPROVED
    assert application.decision_number == "СП-2026/117"
    assert (application.period_from, application.period_to) == (
        date(2026, 12, 1),
        date(2027, 4, 30),
    )
    assert list(SubsidyAmount.objects.values_list("service__code", "monthly")) == [
        ("water_supply", Decimal("120.50"))
    ]


def test_a_zero_amount_is_a_decision_too(officer_client, in_review, services):
    officer_client.post(step_url("approve", in_review), approval(amount_sewerage="0"))

    assert reloaded(in_review).status == ApplicationStatus.APPROVED
    assert SubsidyAmount.objects.get().monthly == Decimal("0.00")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (approval(), "__all__"),
        (approval(amount_water_supply="-1.00"), "amount_water_supply"),
        (approval(amount_water_supply="12.345"), "amount_water_supply"),
        (
            approval(amount_water_supply="10", period_to="2026-11-30"),
            "period_to",
        ),
        ({**approval(amount_water_supply="10"), "number": ""}, "number"),
    ],
)
def test_an_approval_the_form_refuses_changes_nothing(
    officer_client, in_review, services, data, field
):
    response = officer_client.post(step_url("approve", in_review), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert reloaded(in_review).status == ApplicationStatus.IN_REVIEW
    assert not SubsidyAmount.objects.exists()


def test_rejecting_records_the_reason_and_the_explanation(officer_client, in_review):
    response = officer_client.post(
        step_url("reject", in_review),
        {"reason": RejectionReason.INCOME, "text": "Дохід вищий за межу."},
    )

    application = reloaded(in_review)
    assert response.status_code == 302
    assert application.status == ApplicationStatus.REJECTED
    assert application.rejection_reason == RejectionReason.INCOME
    assert Transition.objects.get().message == "Дохід вищий за межу."


def test_rejecting_an_approved_application_is_refused(
    officer_client, in_review, services
):
    officer_client.post(step_url("approve", in_review), approval(amount_sewerage="5"))

    response = officer_client.post(
        step_url("reject", in_review),
        {"reason": RejectionReason.OTHER, "text": "Помилка."},
    )

    assert reloaded(in_review).status == ApplicationStatus.APPROVED
    assert Transition.objects.count() == 1
    assert said(response)[-1][0] == "error"


@pytest.mark.parametrize("name", ["take", "request_information", "approve", "reject"])
def test_someone_who_may_only_look_takes_no_step(
    client,
    viewer,  # noqa: F811
    in_review,
    name,
):
    client.force_login(viewer)

    response = client.post(step_url(name, in_review), {"message": "x"})

    assert turned_away(response)
    assert reloaded(in_review).status == ApplicationStatus.IN_REVIEW


def test_a_draft_takes_no_step(officer_client, application):
    response = officer_client.post(step_url("take", application))

    assert response.status_code == 404
    assert reloaded(application).status == ApplicationStatus.DRAFT
