"""Every step of a subsidy application, and its deletion, leaves one entry
with the officer or applicant who took it; never the household's data."""

import pytest

from plugins.subsidies import workflow
from plugins.subsidies.choices import ApplicationStatus as Status
from tests.audit.conftest import stored_text
from tests.subsidies.conftest import set_status

pytestmark = pytest.mark.django_db


def test_an_officer_taking_an_application_is_recorded(
    application, officer, audit_entries
):
    set_status(application, Status.SUBMITTED)

    workflow.take(application, officer)

    [entry] = audit_entries()
    assert entry.action == "subsidies.application.moved"
    assert entry.actor_id == officer.pk
    assert (entry.target_type, entry.target_id) == (
        "subsidies.subsidyapplication",
        str(application.pk),
    )
    assert entry.facts == {"from_status": "submitted", "to_status": "in_review"}


def test_the_officers_message_stays_out_of_the_log(application, officer, audit_entries):
    set_status(application, Status.IN_REVIEW)

    workflow.request_information(
        application, officer, "Коваленко Олена: додайте довідку про доходи."
    )

    [entry] = audit_entries("subsidies.application.moved")
    assert entry.facts["to_status"] == "needs_info"
    assert "Коваленко" not in stored_text(audit_entries())
    assert "довідку" not in stored_text(audit_entries())


def test_a_refused_step_records_nothing(application, resident, audit_entries):
    with pytest.raises(workflow.TransitionRefusedError):
        workflow.take(application, resident)

    assert audit_entries() == []


def test_the_applicant_withdrawing_is_recorded_as_theirs(
    application, resident, audit_entries
):
    workflow.withdraw(application, resident)

    [entry] = audit_entries("subsidies.application.moved")
    assert entry.actor_id == resident.pk
    assert entry.facts == {"from_status": "draft", "to_status": "withdrawn"}


def test_deleting_an_application_is_recorded(application, audit_entries):
    application_id, dwelling_id = application.pk, application.dwelling_id

    application.delete()

    [entry] = audit_entries("subsidies.application.deleted")
    assert entry.target_id == str(application_id)
    assert entry.facts == {"status": "draft", "dwelling_id": dwelling_id}
    assert "Коваленко" not in stored_text(audit_entries())
