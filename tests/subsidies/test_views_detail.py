"""The status page: the status, the history told in Kyiv time with who took
each step, the decision or the refusal; and withdrawing with a confirmation.
Only the applicant opens either."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from plugins.subsidies import workflow
from plugins.subsidies.choices import ApplicationStatus as Status
from plugins.subsidies.choices import IncomeKind, RejectionReason, Relation
from plugins.subsidies.models import HouseholdMember, Income, Transition
from tests.subsidies.conftest import make_document, set_status

pytestmark = pytest.mark.django_db


def detail_url(application):
    return reverse("subsidies:detail", args=[application.pk])


def withdraw_url(application):
    return reverse("subsidies:withdraw", args=[application.pk])


def history_of(page):
    return page.split('class="subsidy-history"')[1].split("</section>")[0]


def test_an_anonymous_visitor_is_sent_to_log_in(client, application):
    for url in (detail_url(application), withdraw_url(application)):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["neighbour", "editor", "office_member"])
def test_anyone_but_the_applicant_is_told_there_is_none(
    request, client, who, application, resident
):
    workflow.submit(application, resident)
    client.force_login(request.getfixturevalue(who))

    assert client.get(detail_url(application)).status_code == 404
    assert client.get(withdraw_url(application)).status_code == 404
    assert client.post(withdraw_url(application)).status_code == 404
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_a_draft_says_it_is_not_sent_and_leads_back_to_the_form(
    client, resident, application
):
    client.force_login(resident)

    page = client.get(detail_url(application)).text

    assert "Заяву ще не подано" in page
    assert reverse("subsidies:step_dwelling", args=[application.pk]) in page
    assert "Коваленко Олена Іванівна" in page  # what the draft holds


def test_the_history_tells_when_in_kyiv_what_and_by_whom(
    client, resident, officer, application
):
    workflow.submit(application, resident)
    workflow.take(application, officer)
    workflow.request_information(application, officer, "Додайте довідку.")
    # 22:30 UTC on 4 December is half past midnight of the 5th in Kyiv.
    Transition.objects.filter(to_status=Status.SUBMITTED).update(
        at=datetime(2026, 12, 4, 22, 30, tzinfo=UTC)
    )
    client.force_login(resident)

    history = history_of(client.get(detail_url(application)).text)

    rows = history.split("<tr>")[2:]
    assert "05.12.2026 00:30" in rows[0]
    assert "Заяву подано" in rows[0] and "<td>ви</td>" in rows[0]
    assert "Взято в роботу" in rows[1]
    assert "<td>управління соціального захисту</td>" in rows[1]
    assert "Запитано додаткові відомості" in rows[2]
    assert "Додайте довідку." in rows[2]


def test_an_approved_application_shows_the_decision(
    client, resident, officer, application, services
):
    workflow.submit(application, resident)
    workflow.take(application, officer)
    workflow.approve(
        application,
        officer,
        "СП-2026/117",
        date(2026, 12, 1),
        date(2027, 4, 30),
        {
            services["water_supply"]: Decimal("120.50"),
            services["central_heating"]: Decimal("1450.00"),
        },
    )
    client.force_login(resident)

    page = client.get(detail_url(application)).text

    decision = page.split('class="callout decision decision-approved"')[1]
    decision = decision.split("</section>")[0]
    assert "Субсидію призначено" in decision
    assert "СП-2026/117" in decision
    assert "з 01.12.2026 по 30.04.2027" in decision
    assert "Централізоване водопостачання" in decision
    assert "120,50\u00a0грн" in decision
    assert "Централізоване опалення" in decision
    assert "1\u00a0450,00\u00a0грн" in decision
    assert withdraw_url(application) not in page


def test_a_refused_application_shows_the_reason(client, resident, officer, application):
    workflow.submit(application, resident)
    workflow.take(application, officer)
    workflow.reject(
        application, officer, RejectionReason.INCOME, "Дохід вищий за межу."
    )
    client.force_login(resident)

    page = client.get(detail_url(application)).text

    decision = page.split('class="callout decision decision-rejected"')[1]
    assert "дохід домогосподарства перевищує межу" in decision
    assert "Дохід вищий за межу." in decision


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.NEEDS_INFO])
def test_the_applicant_withdraws_after_confirming(
    client, resident, application, status
):
    set_status(application, status)
    client.force_login(resident)
    assert withdraw_url(application) in client.get(detail_url(application)).text

    page = client.get(withdraw_url(application)).text
    assert "Відкликати заяву №" in page
    application.refresh_from_db()
    assert application.status == status  # asking changes nothing

    response = client.post(withdraw_url(application), {"reason": "Переїжджаємо."})

    assert response["Location"] == detail_url(application)
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    step = Transition.objects.get()
    assert (step.from_status, step.by, step.message) == (
        status,
        resident,
        "Переїжджаємо.",
    )
    page = client.get(detail_url(application)).text
    assert "Заяву відкликано" in page
    assert withdraw_url(application) not in page


@pytest.mark.parametrize(
    "status", [Status.IN_REVIEW, Status.APPROVED, Status.REJECTED, Status.WITHDRAWN]
)
def test_a_decided_or_withdrawn_application_is_not_withdrawn(
    client, resident, application, status
):
    set_status(application, status)
    client.force_login(resident)

    for response in (
        client.get(withdraw_url(application)),
        client.post(withdraw_url(application)),
    ):
        assert response["Location"] == detail_url(application)
    assert "уже не можна відкликати" in client.get(detail_url(application)).text
    application.refresh_from_db()
    assert application.status == status
    assert not Transition.objects.exists()


def test_the_status_page_reads_a_fixed_number_of_queries(
    client, resident, officer, application, services, django_assert_max_num_queries
):
    for number in range(4):
        member = HouseholdMember.objects.create(
            application=application,
            full_name=f"Член {number}",
            birth_date=date(2000, 1, 1),
            relation=Relation.OTHER,
            no_rnokpp_reason="немає",
        )
        for kind in list(IncomeKind)[:3]:
            Income.objects.create(member=member, kind=kind, amount=Decimal("10"))
        make_document(application, member=member)
        make_document(application, member=member)
    workflow.submit(application, resident)
    workflow.take(application, officer)
    workflow.approve(
        application,
        officer,
        "СП-1",
        date(2026, 12, 1),
        date(2027, 4, 30),
        {service: Decimal("10") for service in services.values()},
    )
    client.force_login(resident)
    client.get(detail_url(application))  # the theme's first reads of the site

    with django_assert_max_num_queries(14):
        response = client.get(detail_url(application))

    assert response.status_code == 200
    assert response.text.count("Член 3") >= 3


def test_the_status_page_links_the_forms_the_sending_made(
    client, resident, application
):
    workflow.submit(application, resident)
    client.force_login(resident)

    response = client.get(detail_url(application))

    forms = response.context["submitted_forms"]
    assert "Заява про призначення житлової субсидії" in response.text
    assert "Декларація про доходи та майно" in response.text
    assert client.get(forms[0]["url"])["Content-Type"] == "application/pdf"
