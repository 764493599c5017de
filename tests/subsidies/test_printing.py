"""The application and the declaration the office receives: made on each
sending, in Ukrainian, with the household's words and amounts as a clerk
would read them; no sending without them."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from wagtail.models import Site

from cms.core.pdf import DocumentError
from cms.directory.models import PublicPlace
from cms.home.models import SiteContacts
from plugins.subsidies import printing, workflow
from plugins.subsidies.choices import ApplicationStatus as Status
from plugins.subsidies.choices import FormKind, IncomeKind, Relation
from plugins.subsidies.models import (
    HouseholdMember,
    Income,
    SubmittedForm,
    SubsidyApplication,
    Transition,
)

pytestmark = pytest.mark.django_db

KYIV = ZoneInfo("Europe/Kyiv")
PORTAL = "Світлогірськ — комунальний портал"
OFFICE = "Управління соціального захисту населення Світлогірської міської ради"
CITY = "м. Світлогірськ, Київська обл."


def pdf_text(data):
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
    # Thousands are grouped with no-break spaces; compare with plain ones.
    return " ".join(text.replace("\u00a0", " ").split())


def form_text(application, kind):
    form = application.submitted_forms.get(kind=kind)
    with form.file.open("rb") as stored:
        return pdf_text(stored.read())


@pytest.fixture
def city_office():
    """The city the site's contacts name, and its office in the directory."""
    site = Site.objects.get(is_default_site=True)
    site.site_name = PORTAL
    site.save()
    SiteContacts.objects.create(site=site, city=CITY)
    PublicPlace.objects.create(name=OFFICE, kind=PublicPlace.Kind.SOCIAL_PROTECTION)


@pytest.fixture
def household(application, flat):
    """Olena and her son, with incomes of several kinds, the flat as billing
    described it, and a land plot declared."""
    application.prefill = {
        "address": flat.address,
        "total_area": "52.40",
        "registered_persons": 2,
        "services": [
            {
                "service": "water_supply",
                "service_name": "Централізоване водопостачання",
                "provider": "КП «Водоканал»",
                "account": "100234",
                "month": "2026-11-01",
                "charged": "1174.31",
                "to_pay": "1174.31",
            }
        ],
    }
    application.has_other_property = True
    application.property_details = "Земельна ділянка 0,12 га, с. Вербки"
    application.consent_at = datetime(2026, 12, 3, 9, 41, tzinfo=KYIV)
    application.save()

    olena = application.members.get()
    son = HouseholdMember.objects.create(
        application=application,
        full_name="Коваленко Петро Миколайович",
        birth_date=date(2005, 5, 1),
        relation=Relation.CHILD,
        no_rnokpp_reason="відмова з релігійних переконань",
        registered_here=False,
    )
    for member, kind, amount in [
        (olena, IncomeKind.SALARY, "10000.50"),
        (olena, IncomeKind.PENSION, "3100.00"),
        (olena, IncomeKind.SALARY, "2000.25"),
        (son, IncomeKind.STUDY, "1500.10"),
    ]:
        Income.objects.create(member=member, kind=kind, amount=Decimal(amount))
    return application


@pytest.fixture
def answered(household):
    """The household's application after the office asked for information: it
    was first sent on 3 December 2026."""
    SubsidyApplication.objects.filter(pk=household.pk).update(
        status=Status.NEEDS_INFO,
        submitted_at=datetime(2026, 12, 3, 10, 0, tzinfo=KYIV),
    )
    household.refresh_from_db()
    return household


def test_the_application_names_the_office_the_household_and_its_services(
    city_office, answered, resident
):
    workflow.answer(answered, resident, "Додано довідку.")

    text = form_text(answered, FormKind.APPLICATION)
    number = answered.pk
    assert OFFICE in text
    assert "ЗАЯВА про призначення житлової субсидії" in text
    assert f"№ {number} від 03.12.2026" in text
    assert "Я, Коваленко Олена Іванівна, прошу призначити" in text
    assert f"{answered.prefill['address']}, {CITY}" in text
    assert "52,40 м²" in text
    assert "Зареєстровано осіб 2" in text
    assert "Коваленко Олена Іванівна 25.02.1968 заявник 1759013776 так" in text
    assert "Коваленко Петро Миколайович 01.05.2005 дитина" in text
    assert "відсутній: відмова з релігійних переконань ні" in text
    assert "Централізоване водопостачання КП «Водоканал» 100234 1 174,31" in text
    assert "Земельна ділянка 0,12 га, с. Вербки" in text
    assert "Згоду надано 03.12.2026 09:41." in text
    assert f"Надіслано в електронній формі через портал «{PORTAL}»" in text
    assert f"заява № {number}." in text
    assert "(підпис)" in text


def test_the_declaration_sums_each_members_incomes_over_the_period(
    city_office, answered, resident
):
    workflow.answer(answered, resident, "Додано довідку.")

    text = form_text(answered, FormKind.DECLARATION)
    assert "ДЕКЛАРАЦІЯ про доходи та майно осіб, зареєстрованих/фактично" in text
    assert f"до заяви № {answered.pk} від 03.12.2026" in text
    # Sent in December: May to October, whatever day the answer came.
    assert "з 01.05.2026 по 31.10.2026" in text
    assert "заробітна плата 12 000,75" in text
    assert "пенсія 3 100,00" in text
    assert "Разом: Коваленко Олена Іванівна 15 100,75" in text
    assert "стипендія 1 500,10" in text
    assert "Разом: Коваленко Петро Миколайович 1 500,10" in text
    assert "Сукупний дохід домогосподарства 16 600,85" in text
    assert "Згоду на обробку персональних даних надано 03.12.2026 09:41." in text


def test_without_the_office_in_the_directory_the_form_leaves_its_line(
    household, resident
):
    workflow.submit(household, resident)

    text = form_text(household, FormKind.APPLICATION)
    assert (
        "сторінка 1 / 1 (найменування структурного підрозділу з питань "
        "соціального захисту населення) ЗАЯВА"
    ) in text
    assert "Управління" not in text


def test_sending_makes_both_forms_and_each_answer_a_new_pair(
    household, resident, officer
):
    workflow.submit(household, resident)
    first = list(household.submitted_forms.values_list("pk", "kind"))
    workflow.take(household, officer)
    workflow.request_information(household, officer, "Додайте довідку.")

    workflow.answer(household, resident, "Довідку додано.")

    forms = list(household.submitted_forms.all())
    assert [form.kind for form in forms] == [
        FormKind.APPLICATION,
        FormKind.DECLARATION,
    ] * 2
    assert [(form.pk, form.kind) for form in forms[:2]] == first
    assert all(form.file.storage.exists(form.file.name) for form in forms)
    assert len({form.file.name for form in forms}) == 4


def test_a_form_that_does_not_render_keeps_the_draft_unsent(
    household, resident, monkeypatch
):
    def broken(template, context, what):
        raise DocumentError(f"{what} did not render.")

    monkeypatch.setattr(printing, "render_pdf", broken)

    with pytest.raises(workflow.TransitionRefusedError) as refused:
        workflow.submit(household, resident)

    assert str(refused.value) == (
        "Не вдалося сформувати бланки заяви, тому її не надіслано. "
        "Спробуйте, будь ласка, пізніше."
    )
    household.refresh_from_db()
    assert household.status == Status.DRAFT
    assert household.submitted_at is None
    assert not SubmittedForm.objects.exists()
    assert not Transition.objects.exists()


def test_an_incomplete_application_is_refused_before_any_form_is_made(
    household, resident
):
    household.members.update(rnokpp="", no_rnokpp_reason="")

    with pytest.raises(workflow.TransitionRefusedError):
        workflow.submit(household, resident)

    assert not SubmittedForm.objects.exists()
