"""What a resident may type wrong, or on purpose, into the form: each is
refused on its step with a message, and nothing of it is kept."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from plugins.subsidies.forms import AmountField
from plugins.subsidies.models import HouseholdMember, Income

pytestmark = pytest.mark.django_db


def incomes_url(application):
    return reverse("subsidies:step_incomes", args=[application.pk])


@pytest.mark.parametrize(
    "typed",
    [
        "-5",
        "1e5",  # a typo for 105 must not become a hundred thousand
        "1E+3",
        "0.1e3",
        "1_000",
        "100.123",
        "12345678901,00",
        "NaN",
        "Infinity",
        "0x10",
    ],
)
def test_an_income_is_refused_unless_written_as_people_write_money(
    client, resident, application, typed
):
    applicant = application.members.get()
    client.force_login(resident)

    response = client.post(
        incomes_url(application), {f"member-{applicant.pk}-salary": typed}
    )

    assert response.status_code == 400
    assert not Income.objects.exists()


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("1 234,56", "1234.56"),
        ("1\u00a0234.5", "1234.5"),
        ("0", "0"),
        ("7", "7"),
        (",50", "0.5"),
        ("100.", "100"),
    ],
)
def test_an_income_written_as_people_write_money_is_taken(typed, kept):
    assert AmountField().clean(typed) == Decimal(kept)


@pytest.mark.parametrize("rnokpp", ["1759013777", "17590137ab", "175901377", "1" * 11])
def test_a_member_with_a_wrong_rnokpp_is_not_added(
    client, resident, application, rnokpp
):
    client.force_login(resident)

    response = client.post(
        reverse("subsidies:step_members", args=[application.pk]),
        {
            "full_name": "Коваленко Іван Петрович",
            "birth_date": "1965-05-01",
            "relation": "spouse",
            "rnokpp": rnokpp,
        },
    )

    assert response.status_code == 400
    assert application.members.count() == 1


def test_a_member_born_tomorrow_is_not_added(client, resident, application):
    client.force_login(resident)
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client.post(
        reverse("subsidies:step_members", args=[application.pk]),
        {
            "full_name": "Коваленко Іван Петрович",
            "birth_date": tomorrow.isoformat(),
            "relation": "child",
            "no_rnokpp_reason": "немовля",
        },
    )

    assert response.status_code == 400
    assert not HouseholdMember.objects.filter(full_name__startswith="Коваленко І")
