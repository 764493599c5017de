"""An application's screen shows the office everything the resident sent, the
dwelling's charges now and the history, with the steps its status allows."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from plugins.subsidies import workflow
from plugins.subsidies.choices import ApplicationStatus, IncomeKind, Relation
from plugins.subsidies.models import (
    HouseholdMember,
    SubsidyApplication,
    SubsidyDocument,
)
from tests.billing.conftest import make_charge
from tests.subsidies.office_fixtures import (  # noqa: F401
    SCREEN,
    add_income,
    office_member,
    record,
    sent,
    step_url,
)

pytestmark = pytest.mark.django_db

KYIV = ZoneInfo("Europe/Kyiv")
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 2048


@pytest.fixture
def full_application(application, resident, office_member, services):  # noqa: F811
    """Olena's application sent on 3 December 2026 with her husband, their
    incomes, a «yes» about property, two documents and one step taken."""
    application.has_other_property = True
    application.property_details = "Садова ділянка 0,06 га у с. Межиріч"
    application.prefill = {
        "address": "вул. Соборна, 12, кв. 5",
        "street": "вул. Соборна",
        "total_area": "52.40",
        "registered_persons": 2,
        "services": [],
    }
    application.save()
    olena = application.members.get()
    husband = HouseholdMember.objects.create(
        application=application,
        full_name="Коваленко Василь Петрович",
        birth_date=date(1965, 7, 14),
        relation=Relation.SPOUSE,
        rnokpp="",
        no_rnokpp_reason="Відмовився від РНОКПП з релігійних переконань",
    )
    add_income(olena, IncomeKind.SALARY, "48000.00")
    add_income(olena, IncomeKind.BENEFITS, "1200.50")
    add_income(husband, IncomeKind.PENSION, "27600.00")
    SubsidyDocument.objects.create(
        application=application,
        member=husband,
        title="Пенсійне посвідчення",
        file=ContentFile(PNG, name="pension.png"),
        content_type="image/png",
        size=len(PNG),
    )
    SubsidyDocument.objects.create(
        application=application,
        title="Довідка про склад сімʼї",
        file=ContentFile(PNG, name="family.png"),
        content_type="image/png",
        size=len(PNG),
    )
    sent(application, at=datetime(2026, 12, 3, 9, 30, tzinfo=KYIV))
    record(application, ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, resident)
    return application


def open_screen(client, user, application):
    client.force_login(user)
    return client.get(reverse(SCREEN, args=[application.pk]))


def test_the_screen_shows_what_the_resident_sent(
    client,
    office_member,  # noqa: F811
    full_application,
):
    response = open_screen(client, office_member, full_application)

    page = response.content.decode()
    assert response.status_code == 200
    assert "вул. Соборна, 12, кв. 5" in page
    assert "52,40" in page
    assert "Коваленко Олена Іванівна" in page
    assert "1759013776" in page
    assert "Відмовився від РНОКПП з релігійних переконань" in page
    assert "Садова ділянка 0,06 га у с. Межиріч" in page
    assert "Пенсійне посвідчення" in page
    assert "Довідка про склад сімʼї" in page
    assert "2,0" in page  # 2 KB of each scan
    for document in full_application.documents.all():
        assert f'href="/cabinet/subsidies/documents/{document.pk}/"' in page


def test_the_incomes_are_totalled_per_member_and_for_the_household(
    client,
    office_member,  # noqa: F811
    full_application,
):
    response = open_screen(client, office_member, full_application)

    members = {m.full_name: m for m in response.context["members"]}
    assert str(members["Коваленко Олена Іванівна"].income_total) == "49200.50"
    assert str(members["Коваленко Василь Петрович"].income_total) == "27600.00"
    assert str(response.context["income_total"]) == "76800.50"
    # Sent in December 2026: incomes of May to October 2026.
    assert response.context["income_period"] == (date(2026, 5, 1), date(2026, 10, 31))


def test_the_screen_shows_the_dwellings_charges_now(
    client,
    office_member,  # noqa: F811
    full_application,
    services,
):
    account = full_application.dwelling.accounts.get()
    make_charge(account, services["water_supply"], date(2026, 10, 1), charged="90.00")
    make_charge(account, services["water_supply"], date(2026, 11, 1), charged="174.31")
    make_charge(account, services["sewerage"], date(2026, 11, 1), charged="1060.19")

    response = open_screen(client, office_member, full_application)

    charges = response.context["charges"]
    assert [(c.service.code, c.period) for c in charges] == [
        ("water_supply", date(2026, 11, 1)),
        ("sewerage", date(2026, 11, 1)),
    ]
    assert str(response.context["charge_totals"]["charged"]) == "1234.50"
    # Thousands apart, as on the bill.
    assert "1\u00a0234,50" in response.content.decode()


def test_the_history_names_who_took_each_step_and_what_they_wrote(
    client,
    office_member,  # noqa: F811
    full_application,
):
    record(
        full_application,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.IN_REVIEW,
        office_member,
    )
    record(
        full_application,
        ApplicationStatus.IN_REVIEW,
        ApplicationStatus.NEEDS_INFO,
        office_member,
        "Додайте довідку про доходи чоловіка.",
    )

    response = open_screen(client, office_member, full_application)

    page = response.content.decode()
    assert [(t.to_status, t.by) for t in response.context["history"]] == [
        (ApplicationStatus.SUBMITTED, full_application.applicant),
        (ApplicationStatus.IN_REVIEW, office_member),
        (ApplicationStatus.NEEDS_INFO, office_member),
    ]
    assert "Марія Ткаченко" in page
    assert "Додайте довідку про доходи чоловіка." in page


@pytest.mark.parametrize(
    ("status", "steps"),
    [
        (ApplicationStatus.SUBMITTED, ["take"]),
        (
            ApplicationStatus.IN_REVIEW,
            ["request_information", "approve", "reject"],
        ),
        (ApplicationStatus.NEEDS_INFO, []),
        (ApplicationStatus.APPROVED, []),
        (ApplicationStatus.WITHDRAWN, []),
    ],
)
def test_the_screen_offers_the_steps_the_status_allows(
    client,
    office_member,  # noqa: F811
    full_application,
    status,
    steps,
):
    SubsidyApplication.objects.filter(pk=full_application.pk).update(status=status)

    response = open_screen(client, office_member, full_application)

    page = response.content.decode()
    assert [item["step"].name for item in response.context["steps"]] == steps
    for name in ("take", "request_information", "approve", "reject"):
        assert (step_url(name, full_application) in page) == (name in steps)


def test_a_draft_is_not_found(client, office_member, application):  # noqa: F811
    response = open_screen(client, office_member, application)

    assert response.status_code == 404


def test_the_screen_reads_a_bounded_number_of_queries(
    client,
    office_member,  # noqa: F811
    full_application,
    services,
    django_assert_max_num_queries,
):
    account = full_application.dwelling.accounts.get()
    for service in (services["water_supply"], services["sewerage"]):
        make_charge(account, service, date(2026, 11, 1), charged="10.00")
    client.force_login(office_member)

    with django_assert_max_num_queries(22):
        response = client.get(reverse(SCREEN, args=[full_application.pk]))

    assert len(response.context["members"]) == 2
    assert len(response.context["documents"]) == 2


def test_the_screen_links_the_forms_each_sending_made(
    client,
    office_member,  # noqa: F811
    application,
    resident,
):
    workflow.submit(application, resident)

    response = open_screen(client, office_member, application)

    forms = response.context["generated_forms"]
    assert [form["title"].split(",")[0] for form in forms] == [
        "Декларація про доходи та майно",
        "Заява про призначення житлової субсидії",
    ]
    pdf = client.get(forms[1]["url"])
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content])[:5] == (
        b"%PDF-"
    )
