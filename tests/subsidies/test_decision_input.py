"""What the office types into a decision: a number the providers' export can
carry safely, a period that runs forward, and amounts of money."""

import pytest

from plugins.subsidies.office.forms import ApproveForm

pytestmark = pytest.mark.django_db

DECISION = {
    "number": "№ 45/2026-с",
    "period_from": "2026-01-01",
    "period_to": "2026-06-30",
    "amount_water_supply": "300",
}


def form(services, **changed):
    return ApproveForm({**DECISION, **changed}, services=[services["water_supply"]])


def test_a_decision_as_written_is_taken(services):
    assert form(services).is_valid()


@pytest.mark.parametrize(
    "number",
    # A spreadsheet opening the providers' export runs a cell that starts
    # with one of these as a formula.
    ['=HYPERLINK("http://x.invalid","1")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", " "],
)
def test_a_number_a_spreadsheet_would_run_is_refused(services, number):
    decision = form(services, number=number)

    assert not decision.is_valid()
    assert "number" in decision.errors


@pytest.mark.parametrize(
    "changed",
    [
        {"period_from": "2026-06-30", "period_to": "2026-01-01"},
        {"amount_water_supply": "-1"},
        {"amount_water_supply": "12345678901234"},
        {"amount_water_supply": "1.001"},
        {"amount_water_supply": ""},
    ],
)
def test_a_reversed_period_or_a_wrong_amount_is_refused(services, changed):
    assert not form(services, **changed).is_valid()
