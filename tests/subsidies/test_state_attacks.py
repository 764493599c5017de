"""Steps taken out of turn: a form posted after the application was sent or
decided, "send" pressed twice, a withdrawal of a decided application, the
office deciding twice or on a withdrawn application by a crafted POST, and
any resident POST without its CSRF token. Each changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from plugins.billing.models import SubsidyGrant
from plugins.subsidies import workflow
from plugins.subsidies.choices import ApplicationStatus
from plugins.subsidies.models import SubsidyApplication, Transition
from tests.subsidies.conftest import make_document
from tests.subsidies.office_fixtures import office_member, sent, step_url  # noqa: F401

pytestmark = pytest.mark.django_db

DECISION = {
    "number": "123-с",
    "period_from": "2026-01-01",
    "period_to": "2026-06-30",
    "amount_water_supply": "300",
}


@pytest.fixture
def with_water(application, services):
    application.prefill = {"services": [{"service": "water_supply"}]}
    application.save()
    return application


def test_send_pressed_twice_sends_once(client, resident, application):
    client.force_login(resident)
    url = reverse("subsidies:step_review", args=[application.pk])

    first = client.post(url, {"consent": "on"})
    second = client.post(url, {"consent": "on"})

    assert first.status_code == second.status_code == 302
    assert Transition.objects.filter(to_status=ApplicationStatus.SUBMITTED).count() == 1
    assert application.submitted_forms.count() == 2  # one application, one declaration


@pytest.mark.parametrize(
    "status", [ApplicationStatus.SUBMITTED, ApplicationStatus.APPROVED]
)
def test_no_step_changes_a_sent_or_decided_application(
    client, resident, application, status
):
    document = make_document(application)
    sent(application, status)
    applicant = application.members.get()
    client.force_login(resident)
    pk = application.pk

    client.post(
        reverse("subsidies:member_edit", args=[pk, applicant.pk]),
        {"full_name": "Інша Особа", "birth_date": "1970-01-01", "rnokpp": "1759013776"},
    )
    client.post(reverse("subsidies:document_remove", args=[pk, document.pk]))
    client.post(
        reverse("subsidies:step_property", args=[pk]),
        {"has_other_property": "yes", "property_details": "x"},
    )
    client.post(reverse("subsidies:step_review", args=[pk]), {"consent": "on"})

    application.refresh_from_db()
    assert application.status == status
    assert application.members.get().full_name == "Коваленко Олена Іванівна"
    assert application.documents.get() == document
    assert application.has_other_property is False


def test_a_decided_application_is_not_withdrawn(client, resident, application):
    sent(application, ApplicationStatus.APPROVED)
    client.force_login(resident)

    response = client.post(reverse("subsidies:withdraw", args=[application.pk]))

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED


def test_the_office_approves_once(
    client,
    office_member,  # noqa: F811
    with_water,
    django_capture_on_commit_callbacks,
):
    sent(with_water, ApplicationStatus.IN_REVIEW, assignee=office_member)
    client.force_login(office_member)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(step_url("approve", with_water), DECISION)
        client.post(step_url("approve", with_water), {**DECISION, "number": "999"})

    with_water.refresh_from_db()
    assert with_water.decision_number == "123-с"
    assert SubsidyGrant.objects.get().reference == "123-с"
    assert with_water.transitions.filter(to_status="approved").count() == 1


def test_a_withdrawn_application_is_not_approved(
    client,
    resident,
    office_member,  # noqa: F811
    with_water,
    django_capture_on_commit_callbacks,
):
    sent(with_water, ApplicationStatus.SUBMITTED)
    workflow.withdraw(with_water, resident)
    client.force_login(office_member)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(step_url("take", with_water))
        client.post(step_url("approve", with_water), DECISION)

    assert SubsidyApplication.objects.get().status == ApplicationStatus.WITHDRAWN
    assert not SubsidyGrant.objects.exists()


def test_the_residents_posts_need_the_csrf_token(resident, application, flat):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    document = make_document(application)
    pk = application.pk

    for url in [
        reverse("subsidies:start", args=[flat.pk]),
        reverse("subsidies:withdraw", args=[pk]),
        reverse("subsidies:step_review", args=[pk]),
        reverse("subsidies:document_remove", args=[pk, document.pk]),
        reverse("notifications:mark_all_read"),
    ]:
        assert client.post(url, {"consent": "on"}).status_code == 403, url

    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.documents.exists()
