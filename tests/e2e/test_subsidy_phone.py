"""The incomes step on a 390-pixel phone: a resident fills it where the sums
fit beside their kinds of income, with nothing to scroll sideways."""

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from plugins.subsidies import services
from plugins.subsidies.choices import Relation
from plugins.subsidies.models import HouseholdMember
from tests.e2e.test_resident_journey import (  # noqa: F401 -- fixtures used below
    PASSWORD,
    resident_with_bill,
    site_tree,
)

WIDER_THAN_THE_PAGE = (
    "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
)


@pytest.fixture
def draft(resident_with_bill):  # noqa: F811
    application = services.start_application(
        resident_with_bill, resident_with_bill.dwellings.get()
    )
    HouseholdMember.objects.create(
        application=application,
        full_name="Коваленко-Скоропадська Олена Іванівна",
        birth_date=date(1968, 2, 25),
        relation=Relation.APPLICANT,
        rnokpp="1759013776",
    )
    return application


def test_the_incomes_step_fits_a_phone(
    page,
    live_server,
    site_tree,  # noqa: F811
    resident_with_bill,  # noqa: F811
    draft,
):
    page.set_viewport_size({"width": 390, "height": 800})
    step = reverse("subsidies:step_incomes", args=[draft.pk])
    page.goto(f"{live_server.url}{step}")
    page.fill("input[name=login]", resident_with_bill.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()

    expect(page.locator("main")).to_contain_text("Коваленко-Скоропадська")
    # The text shows before the styles have loaded; measured unstyled, the
    # page is wider than any styled one.
    page.wait_for_load_state("load")
    assert page.evaluate(WIDER_THAN_THE_PAGE) <= 0
