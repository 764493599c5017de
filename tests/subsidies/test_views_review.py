"""The review step: the whole application on one page with what keeps it from
being sent, each problem linked to its step; the consent; "Send", after which
the application is read-only; and the answer to the office's request."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from plugins.subsidies import services, workflow
from plugins.subsidies.choices import ApplicationStatus as Status
from plugins.subsidies.choices import IncomeKind, Relation
from plugins.subsidies.models import HouseholdMember, Income, Transition
from tests.subsidies.conftest import make_document

pytestmark = pytest.mark.django_db


def review_url(application):
    return reverse("subsidies:step_review", args=[application.pk])


def detail_url(application):
    return reverse("subsidies:detail", args=[application.pk])


def problems_of(page):
    section = page.split('class="subsidy-problems"')[1].split("</section>")[0]
    return re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', section)


def test_the_review_lists_each_problem_linked_to_its_step(client, resident, flat):
    application = services.start_application(resident, flat)
    child = HouseholdMember.objects.create(
        application=application,
        full_name="Коваленко Петро",
        birth_date=date(2012, 6, 1),
        relation=Relation.CHILD,
        rnokpp="1759013777",
    )
    client.force_login(resident)

    page = client.get(review_url(application)).text

    pk = application.pk
    assert problems_of(page) == [
        (
            f"/cabinet/subsidies/{pk}/household/",
            "Укажіть рівно одного члена домогосподарства як заявника.",
        ),
        (
            f"/cabinet/subsidies/{pk}/household/{child.pk}/",
            "Коваленко Петро: 1759013777 — не дійсний РНОКПП: він має десять цифр, "
            "і остання має відповідати іншим. Перевірте номер на картці платника "
            "податків.",
        ),
        (
            f"/cabinet/subsidies/{pk}/property/",
            "Укажіть, чи має домогосподарство інше житло або землю.",
        ),
        (
            f"/cabinet/subsidies/{pk}/property/",
            "Укажіть, чи здійснювало домогосподарство великі придбання за останній "
            "рік.",
        ),
        (
            f"/cabinet/subsidies/{pk}/review/#consent",
            "Надайте згоду на обробку персональних даних.",
        ),
    ]
    assert 'id="consent"' in page


def test_the_review_shows_the_whole_application(client, resident, application):
    applicant = application.members.get()
    Income.objects.create(member=applicant, kind=IncomeKind.PENSION, amount=24600)
    make_document(application, title="Пенсійне посвідчення", member=applicant)
    application.has_other_property = True
    application.property_details = "гараж у кооперативі «Мотор»"
    application.save()
    client.force_login(resident)

    page = client.get(review_url(application)).text

    for shown in [
        "Коваленко Олена Іванівна",
        "1759013776",
        "25.02.1968",
        "Пенсія",
        "24\u00a0600,00\u00a0грн",
        "гараж у кооперативі «Мотор»",
        "Пенсійне посвідчення",
        "Заява містить усе потрібне управлінню.",
    ]:
        assert shown in page, shown


def test_sending_without_consent_is_refused_and_withdraws_it(
    client, resident, application
):
    client.force_login(resident)

    response = client.post(review_url(application), {"consent": ""})

    assert response.status_code == 400
    assert "Надайте згоду на обробку персональних даних.</a>" in response.text
    # The tick box's own sentence is never put in front of the error.
    assert "«Про захист персональних даних».</a>:" not in response.text
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.consent_at is None


def test_sending_makes_the_application_read_only(client, resident, application):
    application.consent_at = None
    application.save()
    client.force_login(resident)

    response = client.post(review_url(application), {"consent": "on"})

    assert response["Location"] == detail_url(application)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.consent_at is not None
    assert application.submitted_at is not None
    step = Transition.objects.get()
    assert (step.from_status, step.to_status, step.by) == (
        Status.DRAFT,
        Status.SUBMITTED,
        resident,
    )

    page = client.get(detail_url(application)).text
    assert "Вашу заяву подано до управління соціального захисту." in page
    assert "Заяву подано" in page
    response = client.get(review_url(application))
    assert response["Location"] == detail_url(application)
    response = client.post(
        reverse("subsidies:step_property", args=[application.pk]),
        {"has_other_property": "yes", "property_details": "вілла"},
    )
    assert response["Location"] == detail_url(application)
    application.refresh_from_db()
    assert application.has_other_property is False


def test_an_incomplete_application_is_not_sent(client, resident, flat):
    application = services.start_application(resident, flat)
    client.force_login(resident)

    response = client.post(review_url(application), {"consent": "on"})

    assert response.status_code == 400
    assert "Заяву не подано: виправте те, що перелічено" in response.text
    texts = [text for _url, text in problems_of(response.text)]
    assert "Укажіть рівно одного члена домогосподарства як заявника." in texts
    # The consent given is kept: it is no longer among the problems.
    assert "Надайте згоду на обробку персональних даних." not in texts
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.consent_at is not None
    assert not Transition.objects.exists()


@pytest.fixture
def asked(application, resident, officer):
    """Olena's application, sent and asked for a certificate of income."""
    workflow.submit(application, resident)
    workflow.take(application, officer)
    workflow.request_information(
        application, officer, "Додайте довідку про доходи за третій квартал."
    )
    application.refresh_from_db()
    return application


def test_an_answer_to_the_office_sends_it_again_with_the_message(
    client, resident, asked
):
    client.force_login(resident)

    page = client.get(review_url(asked)).text
    assert "Додайте довідку про доходи за третій квартал." in page
    assert 'name="answer"' in page

    make_document(asked, title="Довідка про доходи за III квартал")
    response = client.post(
        review_url(asked),
        {"consent": "on", "answer": "  Довідку додано, див. документи.  "},
    )

    assert response["Location"] == detail_url(asked)
    asked.refresh_from_db()
    assert asked.status == Status.IN_REVIEW
    answer = Transition.objects.latest("pk")
    assert (answer.from_status, answer.to_status, answer.message) == (
        Status.NEEDS_INFO,
        Status.IN_REVIEW,
        "Довідку додано, див. документи.",
    )
    page = client.get(detail_url(asked)).text
    history = page.split('class="subsidy-history"')[1].split("</section>")[0]
    assert "Запитано додаткові відомості" in history
    assert "Додайте довідку про доходи за третій квартал." in history
    assert "Заяву подано знову з відповіддю" in history
    assert "Довідку додано, див. документи." in history


def test_an_answer_without_a_message_is_not_sent(client, resident, asked):
    client.force_login(resident)

    response = client.post(review_url(asked), {"consent": "on", "answer": "  "})

    assert response.status_code == 400
    assert "Напишіть управлінню, що ви додали чи виправили." in response.text
    asked.refresh_from_db()
    assert asked.status == Status.NEEDS_INFO


def test_the_status_page_shows_the_request_and_where_to_answer(client, resident, asked):
    client.force_login(resident)

    page = client.get(detail_url(asked)).text

    request = page.split('class="callout office-request"')[1].split("</section>")[0]
    assert "Додайте довідку про доходи за третій квартал." in request
    assert reverse("subsidies:step_dwelling", args=[asked.pk]) in request
    assert review_url(asked) in request


def grow(application, members=4, incomes=3, documents=3):
    """Add members, each with incomes and documents."""
    for number in range(members):
        member = HouseholdMember.objects.create(
            application=application,
            full_name=f"Коваленко Член {number}",
            birth_date=date(2000, 1, 1),
            relation=Relation.CHILD,
            no_rnokpp_reason="дитина",
        )
        for kind in list(IncomeKind)[:incomes]:
            Income.objects.create(member=member, kind=kind, amount=Decimal("100"))
        for _ in range(documents):
            make_document(application, member=member)


def test_the_review_reads_a_fixed_number_of_queries(
    client, resident, application, django_assert_max_num_queries
):
    grow(application)
    client.force_login(resident)
    client.get(review_url(application))  # the theme's first reads of the site

    with django_assert_max_num_queries(12):
        response = client.get(review_url(application))

    assert response.status_code == 200
    assert response.text.count("Коваленко Член") >= 4 * 3
