"""The office's screen of an application on an ordinary 1280-pixel monitor:
the household's incomes and their total are the figures a decision rests on,
so no part of the screen may be cut off at its right edge."""

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from plugins.subsidies.choices import ApplicationStatus, IncomeKind, Relation
from plugins.subsidies.models import HouseholdMember
from tests.e2e.test_resident_journey import (  # noqa: F401 -- fixtures used below
    PASSWORD,
    make_resident,
    site_tree,
)
from tests.e2e.test_subsidy_journey import office_member  # noqa: F401
from tests.second_factor import answer_code_prompt
from tests.subsidies.office_fixtures import add_income, household_application

# How far the screen's content reaches past the visible part of its main
# area; the admin hides what sticks out there rather than scroll to it.
CUT_OFF = "() => { const main = document.querySelector('main');"
CUT_OFF += " return main.scrollWidth - main.clientWidth; }"


@pytest.fixture
def sent_application(transactional_db, django_user_model):
    """Olena's application, sent, with a husband who has no РНОКПП and says
    why at length, and incomes of both."""
    olena = make_resident(django_user_model, "olena")
    application = household_application(
        olena,
        "вул. Соборна",
        "12",
        "Коваленко Олена Іванівна",
        ApplicationStatus.SUBMITTED,
    )
    husband = HouseholdMember.objects.create(
        application=application,
        full_name="Коваленко Петро Миколайович",
        birth_date=date(1965, 9, 14),
        relation=Relation.SPOUSE,
        no_rnokpp_reason=(
            "Відмовився від номера через релігійні переконання, є відмітка в паспорті."
        ),
    )
    add_income(
        application.members.get(relation=Relation.APPLICANT), IncomeKind.SALARY, "48000"
    )
    add_income(husband, IncomeKind.PENSION, "21600.50")
    return application


def test_the_household_total_is_not_cut_off_on_a_1280_pixel_screen(
    page,
    live_server,
    site_tree,  # noqa: F811
    office_member,  # noqa: F811
    sent_application,
):
    page.set_viewport_size({"width": 1280, "height": 800})
    screen = reverse(
        "subsidies_applications_modeladmin_inspect", args=[sent_application.pk]
    )
    page.goto(f"{live_server.url}{screen}")
    page.fill("input[name=login]", office_member.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    answer_code_prompt(page, office_member.email)

    expect(page.locator(".household-total")).to_have_text("69\u00a0600,50")
    # Measured before the styles arrive, any page looks cut off.
    page.wait_for_load_state("load")
    assert page.evaluate(CUT_OFF) <= 0
