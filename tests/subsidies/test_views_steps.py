"""The steps of the resident's form: only the applicant opens them, each
saves to the database at once (a draft survives logging out), each refuses
what is wrong with a message naming the field or the member, and none of
them changes an application that was sent."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from plugins.subsidies import services
from plugins.subsidies.choices import ApplicationStatus as Status
from plugins.subsidies.choices import IncomeKind, Relation
from plugins.subsidies.models import HouseholdMember, Income
from tests.subsidies.conftest import set_status

pytestmark = pytest.mark.django_db

STEP_NAMES = [
    "step_dwelling",
    "step_members",
    "step_incomes",
    "step_property",
    "step_documents",
    "step_review",
]


@pytest.fixture
def child(application):
    return HouseholdMember.objects.create(
        application=application,
        full_name="Коваленко Петро Андрійович",
        birth_date=date(2012, 6, 1),
        relation=Relation.CHILD,
        rnokpp="",
        no_rnokpp_reason="дитина, номер ще не отримано",
    )


def step_url(name, application):
    return reverse(f"subsidies:{name}", args=[application.pk])


def every_step_url(application, member):
    urls = [step_url(name, application) for name in STEP_NAMES]
    urls += [
        reverse("subsidies:member_edit", args=[application.pk, member.pk]),
        reverse("subsidies:member_remove", args=[application.pk, member.pk]),
    ]
    return urls


MEMBER = {
    "full_name": "Коваленко Андрій Петрович",
    "birth_date": "1966-09-14",
    "relation": Relation.SPOUSE,
    "rnokpp": "",
    "no_rnokpp_reason": "",
    "registered_here": "on",
}


def test_an_anonymous_visitor_is_sent_to_log_in(client, application, child):
    for url in every_step_url(application, child):
        response = client.get(url)

        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


@pytest.mark.parametrize("who", ["neighbour", "editor", "office_member"])
def test_anyone_but_the_applicant_is_told_there_is_none(
    request, client, who, application, child
):
    client.force_login(request.getfixturevalue(who))

    for url in every_step_url(application, child):
        assert client.get(url).status_code == 404, url
        assert client.post(url, MEMBER).status_code == 404, url
    assert application.members.count() == 2


def test_the_dwelling_is_shown_as_billing_had_it(client, resident, flat):
    application = services.start_application(resident, flat)
    application.prefill = {
        "address": "вул. Соборна, 12, кв. 5",
        "total_area": "52.40",
        "registered_persons": 2,
        "services": [
            {
                "service": "water_supply",
                "service_name": "Централізоване водопостачання",
                "provider": "КП «Водоканал»",
                "account": "100234",
                "month": "2026-11-01",
                "charged": "174.31",
                "to_pay": "194.81",
            }
        ],
    }
    application.save()
    client.force_login(resident)

    page = client.get(step_url("step_dwelling", application)).text

    for shown in [
        "вул. Соборна, 12, кв. 5",
        "52,40",
        "Централізоване водопостачання",
        "КП «Водоканал», 100234",
        "11.2026",
        "174,31",
        "194,81",
    ]:
        assert shown in page
    assert "<input" not in page.split('class="facts"')[1].split("</table>")[0]


def test_the_first_member_added_is_the_applicant(client, resident, flat):
    application = services.start_application(resident, flat)
    client.force_login(resident)
    url = step_url("step_members", application)

    page = client.get(url).text
    assert "Про вас, заявника" in page
    assert 'name="relation"' not in page

    response = client.post(
        url,
        {**MEMBER, "full_name": "Коваленко Олена Іванівна", "rnokpp": "1759013776"},
    )

    member = application.members.get()
    assert member.relation == Relation.APPLICANT
    assert member.rnokpp == "1759013776"
    assert response.status_code == 302
    assert response["Location"] == url

    page = client.get(url).text
    assert "Додати члена домогосподарства" in page
    assert f'value="{Relation.APPLICANT}"' not in page


def test_save_and_continue_goes_to_the_next_step(client, resident, application):
    client.force_login(resident)

    response = client.post(
        step_url("step_members", application),
        {**MEMBER, "rnokpp": "1759013776", "then": "continue"},
    )

    assert response["Location"] == step_url("step_incomes", application)
    assert application.members.filter(relation=Relation.SPOUSE).exists()


def test_a_wrong_rnokpp_is_refused_naming_the_field_and_the_value(
    client, resident, application
):
    client.force_login(resident)

    response = client.post(
        step_url("step_members", application), {**MEMBER, "rnokpp": "1759013777"}
    )

    assert response.status_code == 400
    page = response.text
    assert 'class="error-summary"' in page
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_rnokpp">РНОКПП</a>' in summary
    assert "1759013777 — не дійсний РНОКПП" in summary
    assert 'value="Коваленко Андрій Петрович"' in page
    assert application.members.count() == 1


def test_a_member_without_rnokpp_must_say_why(client, resident, application):
    client.force_login(resident)
    url = step_url("step_members", application)

    response = client.post(url, MEMBER)

    assert response.status_code == 400
    assert "Укажіть РНОКПП або нижче — чому його немає." in response.text

    response = client.post(url, {**MEMBER, "no_rnokpp_reason": "відмова з релігійних"})

    assert response.status_code == 302
    assert application.members.get(relation=Relation.SPOUSE).rnokpp == ""


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"full_name": "Андрій"}, "full_name", "Напишіть прізвище та ім’я"),
        ({"birth_date": "2999-01-01"}, "birth_date", "не може бути в майбутньому"),
        (
            {"relation": Relation.APPLICANT},
            "relation",
            "applicant немає серед варіантів",
        ),
        (
            {"rnokpp": "1759013776", "no_rnokpp_reason": "немає"},
            "no_rnokpp_reason",
            "Залиште причину порожньою",
        ),
    ],
)
def test_each_field_is_checked_with_a_message_naming_it(
    client, resident, application, changes, field, message
):
    client.force_login(resident)

    response = client.post(
        step_url("step_members", application),
        {**MEMBER, "no_rnokpp_reason": "причина", **changes},
    )

    assert response.status_code == 400
    summary = response.text.split('class="error-summary"')[1].split("</div>")[0]
    assert f'href="#id_{field}"' in summary
    assert message in summary


def test_a_member_is_corrected_and_removed_with_their_incomes(
    client, resident, application, child
):
    Income.objects.create(member=child, kind=IncomeKind.BENEFITS, amount=1000)
    client.force_login(resident)

    edit = reverse("subsidies:member_edit", args=[application.pk, child.pk])
    assert "Коваленко Петро Андрійович" in client.get(edit).text
    response = client.post(
        edit,
        {
            **MEMBER,
            "full_name": "Коваленко Петро Андрійович",
            "birth_date": "2012-06-02",
            "relation": Relation.CHILD,
            "no_rnokpp_reason": "дитина",
        },
    )
    assert response["Location"] == step_url("step_members", application)
    child.refresh_from_db()
    assert child.birth_date == date(2012, 6, 2)

    remove = reverse("subsidies:member_remove", args=[application.pk, child.pk])
    assert "доходи" in client.get(remove).text
    client.post(remove)

    assert not HouseholdMember.objects.filter(pk=child.pk).exists()
    assert not Income.objects.exists()


def test_the_applicant_is_not_removed(client, resident, application):
    applicant = application.members.get()
    client.force_login(resident)

    response = client.post(
        reverse("subsidies:member_remove", args=[application.pk, applicant.pk]),
        follow=True,
    )

    assert "Заявника не можна вилучити" in response.text
    assert application.members.filter(pk=applicant.pk).exists()


def test_another_applications_member_is_not_found(
    client, resident, neighbour, application, neighbours_dwelling
):
    stranger = services.start_application(neighbour, neighbours_dwelling)
    theirs = HouseholdMember.objects.create(
        application=stranger,
        full_name="Шевченко Петро Миколайович",
        birth_date=date(1970, 1, 1),
        relation=Relation.APPLICANT,
        rnokpp="1759013776",
    )
    client.force_login(resident)

    for name in ("member_edit", "member_remove"):
        url = reverse(f"subsidies:{name}", args=[application.pk, theirs.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, MEMBER).status_code == 404
    assert HouseholdMember.objects.filter(pk=theirs.pk).exists()


def test_incomes_are_saved_per_member_and_kind_with_totals(
    client, resident, application, child, settings
):
    applicant = application.members.get(relation=Relation.APPLICANT)
    client.force_login(resident)
    url = step_url("step_incomes", application)

    response = client.post(
        url,
        {
            f"member-{applicant.pk}-salary": "60 000,50",
            f"member-{applicant.pk}-benefits": "1200.25",
            f"member-{child.pk}-study": "3 000",
            f"member-{child.pk}-other": "",
            "then": "stay",
        },
    )

    assert response["Location"] == url
    assert {
        (income.member_id, income.kind, income.amount)
        for income in Income.objects.all()
    } == {
        (applicant.pk, IncomeKind.SALARY, Decimal("60000.50")),
        (applicant.pk, IncomeKind.BENEFITS, Decimal("1200.25")),
        (child.pk, IncomeKind.STUDY, Decimal("3000.00")),
    }
    page = client.get(url).text
    assert 'value="60\u00a0000,50"' in page
    assert "61\u00a0200,75\u00a0грн" in page  # Olena's total
    assert "3\u00a0000,00\u00a0грн" in page  # Petro's
    assert "64\u00a0200,75\u00a0грн" in page  # the household's


def test_the_income_period_is_the_six_months_the_rules_ask(
    client, resident, application, monkeypatch
):
    from plugins.subsidies import views_steps

    monkeypatch.setattr(views_steps, "today_in_kyiv", lambda: date(2026, 12, 4))
    client.force_login(resident)

    page = client.get(step_url("step_incomes", application)).text

    assert "з 01.05.2026 по 31.10.2026" in page


def test_a_negative_or_unreadable_income_is_refused_naming_the_member(
    client, resident, application
):
    applicant = application.members.get()
    client.force_login(resident)

    response = client.post(
        step_url("step_incomes", application),
        {
            f"member-{applicant.pk}-salary": "-5",
            f"member-{applicant.pk}-pension": "багато",
        },
    )

    assert response.status_code == 400
    summary = response.text.split('class="error-summary"')[1].split("</div>")[0]
    assert "Коваленко Олена Іванівна: заробітна плата</a>" in summary
    assert "Коваленко Олена Іванівна: пенсія</a>" in summary
    assert not Income.objects.exists()


def test_a_yes_needs_details_and_a_no_keeps_none(client, resident, flat):
    application = services.start_application(resident, flat)
    client.force_login(resident)
    url = step_url("step_property", application)

    response = client.post(url, {"has_other_property": "yes"})

    assert response.status_code == 400
    summary = response.text.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_property_details"' in summary
    assert "опишіть це житло або землю" in summary
    assert "Укажіть, чи здійснювало домогосподарство великі придбання" in summary

    response = client.post(
        url,
        {
            "has_other_property": "yes",
            "property_details": "1/2 садового будинку, с. Вербки",
            "has_large_purchases": "no",
            "purchases_details": "ніщо",
            "then": "continue",
        },
    )

    assert response["Location"] == step_url("step_documents", application)
    application.refresh_from_db()
    assert application.has_other_property is True
    assert application.property_details == "1/2 садового будинку, с. Вербки"
    assert application.has_large_purchases is False
    assert application.purchases_details == ""


def test_details_longer_than_a_few_sentences_are_refused(client, resident, flat):
    application = services.start_application(resident, flat)
    client.force_login(resident)

    response = client.post(
        step_url("step_property", application),
        {
            "has_other_property": "yes",
            "property_details": "д" * 2001,
            "has_large_purchases": "no",
        },
    )

    assert response.status_code == 400
    assert "не більше ніж 2000 символів (зараз 2001)" in response.text
    application.refresh_from_db()
    assert application.property_details == ""


def test_an_interrupted_draft_keeps_its_data(client, resident, flat):
    application = services.start_application(resident, flat)
    client.force_login(resident)
    client.post(
        step_url("step_members", application),
        {**MEMBER, "full_name": "Коваленко Олена Іванівна", "rnokpp": "1759013776"},
    )
    applicant = application.members.get()
    client.post(
        step_url("step_incomes", application),
        {f"member-{applicant.pk}-pension": "24 600"},
    )
    client.post(
        step_url("step_property", application),
        {
            "has_other_property": "yes",
            "property_details": "гараж у кооперативі «Мотор»",
            "has_large_purchases": "no",
        },
    )

    client.post(reverse("account_logout"))
    assert client.get(step_url("step_members", application)).status_code == 302
    client.force_login(resident)

    assert (
        "Коваленко Олена Іванівна"
        in client.get(step_url("step_members", application)).text
    )
    assert (
        'value="24\u00a0600,00"'
        in client.get(step_url("step_incomes", application)).text
    )
    page = client.get(step_url("step_property", application)).text
    assert "гараж у кооперативі «Мотор»" in page
    assert re.search(
        r'<input[^>]*name="has_other_property" value="yes"[^>]*checked', page
    )
    assert client.get(reverse("subsidies:index")).text.count("чернетка") == 1


@pytest.mark.parametrize(
    "status",
    [
        Status.SUBMITTED,
        Status.IN_REVIEW,
        Status.APPROVED,
        Status.REJECTED,
        Status.WITHDRAWN,
    ],
)
def test_an_application_no_longer_editable_refuses_every_step(
    client, resident, application, child, status
):
    set_status(application, status)
    client.force_login(resident)
    detail = reverse("subsidies:detail", args=[application.pk])

    for url in every_step_url(application, child):
        for response in (
            client.get(url),
            client.post(url, {**MEMBER, "consent": "on"}),
        ):
            assert response.status_code == 302, url
            assert response["Location"] == detail, url
    assert "більше не можна змінити" in client.get(detail).text

    application.refresh_from_db()
    assert application.status == status
    assert application.members.count() == 2
    assert not application.transitions.exists()


def test_while_the_office_waits_for_information_the_steps_are_open(
    client, resident, application
):
    set_status(application, Status.NEEDS_INFO)
    client.force_login(resident)

    for name in STEP_NAMES:
        assert client.get(step_url(name, application)).status_code == 200, name
