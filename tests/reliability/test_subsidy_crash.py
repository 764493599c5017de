"""A decision on a subsidy application is one transaction: killed at any step
(its status, history, amounts, the grants and charges in billing, the notice,
the audit entry), it leaves every table as it was, and the officer may take it
again."""

from datetime import date

import pytest

from cms import audit
from plugins.billing import grants
from plugins.billing import services as billing
from plugins.notifications import services as notifications
from plugins.subsidies.choices import ApplicationStatus, RejectionReason
from plugins.subsidies.models import SubsidyAmount, SubsidyApplication, Transition
from tests.billing.conftest import make_charge
from tests.reliability.planting import crash
from tests.reliability.snapshots import changed_tables, snapshot
from tests.subsidies.office_fixtures import office_member, sent, step_url  # noqa: F401

pytestmark = pytest.mark.django_db

DECEMBER = date(2026, 12, 1)

APPROVAL = {
    "number": "СП-2026/117",
    "period_from": "2026-12-01",
    "period_to": "2027-04-30",
    "amount_water_supply": "120.50",
    "amount_sewerage": "",
}
REJECTION = {"reason": RejectionReason.INCOME, "text": "Дохід вищий за межу."}

# What each decision writes, in the order it writes it.
STEPS = {
    "status": lambda: (SubsidyApplication, "save", crash),
    "history": lambda: (Transition.objects, "create", crash),
    "amounts": lambda: (SubsidyAmount.objects, "bulk_create", crash),
    "audit entry": lambda: (audit, "record", crash),
    "notice": lambda: (notifications, "notify", crash),
    "grant in billing": lambda: (billing, "grant_subsidy", crash),
    "charges in billing": lambda: (grants, "apply_grants", crash),
}
DECISIONS = {"approve": APPROVAL, "reject": REJECTION}
# The amounts and billing are written by an approval alone.
CASES = [
    (decision, step)
    for decision in DECISIONS
    for step in STEPS
    if decision == "approve" or step in ("status", "history", "audit entry", "notice")
]


@pytest.fixture
def in_review(application, office_member, services):  # noqa: F811
    """Olena's application in the officer's review; her flat billed for
    December's water, which an approval subsidises."""
    application.prefill = {
        "address": "вул. Соборна, 12, кв. 5",
        "street": "вул. Соборна",
        "services": [
            {"service": "water_supply", "service_name": "Водопостачання"},
            {"service": "sewerage", "service_name": "Водовідведення"},
        ],
    }
    application.save()
    account = application.dwelling.accounts.get()
    make_charge(account, services["water_supply"], DECEMBER, charged="300.00")
    return sent(application, ApplicationStatus.IN_REVIEW, assignee=office_member)


@pytest.fixture
def officer_client(client, office_member):  # noqa: F811
    """The officer's browser; a failure of the portal is a 500 answer."""
    client.force_login(office_member)
    client.raise_request_exception = False
    return client


def decide(officer_client, decision, application, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return officer_client.post(step_url(decision, application), DECISIONS[decision])


@pytest.mark.parametrize(("decision", "step"), CASES)
def test_a_crash_at_any_step_of_a_decision_changes_nothing(
    decision,
    step,
    officer_client,
    in_review,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    owner, name, replacement = STEPS[step]()
    before = snapshot()

    with monkeypatch.context() as planted:
        planted.setattr(owner, name, replacement)
        response = decide(
            officer_client, decision, in_review, django_capture_on_commit_callbacks
        )

    assert response.status_code == 500
    assert changed_tables(before, snapshot()) == []

    again = decide(
        officer_client, decision, in_review, django_capture_on_commit_callbacks
    )

    assert again.status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == DECIDED[decision]
    assert Transition.objects.get().to_status == DECIDED[decision]


DECIDED = {"approve": ApplicationStatus.APPROVED, "reject": ApplicationStatus.REJECTED}


@pytest.mark.parametrize(
    ("decision", "tables"),
    [
        (
            "approve",
            [
                "audit.AuditEntry",
                "billing.Charge",
                "billing.SubsidyGrant",
                "notifications.Notice",
                "subsidies.SubsidyAmount",
                "subsidies.SubsidyApplication",
                "subsidies.Transition",
            ],
        ),
        (
            "reject",
            [
                "audit.AuditEntry",
                "notifications.Notice",
                "subsidies.SubsidyApplication",
                "subsidies.Transition",
            ],
        ),
    ],
)
def test_without_a_crash_a_decision_writes_every_table_it_touches(
    decision, tables, officer_client, in_review, django_capture_on_commit_callbacks
):
    before = snapshot()

    response = decide(
        officer_client, decision, in_review, django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    assert changed_tables(before, snapshot()) == tables
