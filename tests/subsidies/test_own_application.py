"""A member of the social-protection office may apply for a subsidy like any
resident: their own draft's documents are theirs to open, and a colleague,
never they themselves, takes their application into work and decides on it."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from plugins.subsidies import workflow
from plugins.subsidies.choices import ApplicationStatus
from plugins.subsidies.models import SubsidyApplication
from tests.subsidies.conftest import make_document
from tests.subsidies.office_fixtures import (  # noqa: F401
    QUEUE,
    SCREEN,
    colleague,
    office_member,
    sent,
    step_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(application, office_member):  # noqa: F811
    """Olena's application, as if the office member had started it."""
    SubsidyApplication.objects.filter(pk=application.pk).update(applicant=office_member)
    application.refresh_from_db()
    return application


def test_an_office_member_opens_the_documents_of_their_own_draft(
    client,
    own,
    office_member,  # noqa: F811
):
    document = make_document(own)
    client.force_login(office_member)

    response = client.get(reverse("subsidies:document", args=[document.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_their_own_draft_stays_out_of_the_queue(client, own, office_member):  # noqa: F811
    client.force_login(office_member)

    assert own.pk not in client.get(reverse(QUEUE)).context["object_list"].values_list(
        "pk", flat=True
    )
    assert client.get(reverse(SCREEN, args=[own.pk])).status_code == 404


def test_an_office_member_takes_no_step_on_their_own_application(
    client,
    own,
    office_member,  # noqa: F811
):
    own = sent(own)
    client.force_login(office_member)

    screen = client.get(reverse(SCREEN, args=[own.pk]))
    response = client.post(step_url("take", own))

    assert screen.status_code == 200
    assert screen.context["steps"] == []
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == ApplicationStatus.SUBMITTED
    assert own.assignee is None
    assert not own.transitions.exists()


def test_nor_decides_on_it_when_a_colleague_took_it(
    client,
    own,
    office_member,  # noqa: F811
    colleague,  # noqa: F811
    services,
):
    own = sent(own, ApplicationStatus.IN_REVIEW, assignee=colleague)
    client.force_login(office_member)

    response = client.post(
        step_url("approve", own),
        {
            "number": "777",
            "period_from": "2026-01-01",
            "period_to": "2026-06-30",
            "amount_water_supply": "500",
        },
    )

    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == ApplicationStatus.IN_REVIEW
    with pytest.raises(PermissionDenied):
        workflow.approve(
            own,
            office_member,
            "777",
            date(2026, 1, 1),
            date(2026, 6, 30),
            {services["water_supply"]: Decimal("500")},
        )


def test_a_colleague_takes_it_into_work(client, own, colleague):  # noqa: F811
    own = sent(own)
    client.force_login(colleague)

    client.post(step_url("take", own))

    own.refresh_from_db()
    assert own.status == ApplicationStatus.IN_REVIEW
    assert own.assignee == colleague
