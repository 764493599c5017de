"""A housing subsidy from the first step to the bill: Olena applies from her
cabinet, the social-protection office asks for more, she answers, the office
grants the subsidy, and her November bill shows it.

Everything happens in the browser; the ORM only builds the flat and the
office's member, and checks what was kept at the end.
"""

import io
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader, PdfWriter

from plugins.billing.models import Charge
from plugins.subsidies.choices import ApplicationStatus
from plugins.subsidies.models import SubsidyApplication
from plugins.subsidies.staff import social_protection_group
from tests.e2e.test_resident_journey import (  # noqa: F401 -- fixtures used below
    PASSWORD,
    make_resident,
    resident_with_bill,
    site_tree,
)
from tests.second_factor import answer_code_prompt, give_authenticator
from tests.subsidies.conftest import png_bytes, private_files  # noqa: F401

APPLICANT = "Коваленко Олена Іванівна"
APPLICANT_RNOKPP = "1759013776"
HUSBAND = "Коваленко Петро Миколайович"
OFFICE_ASKS = "Додайте, будь ласка, довідку про доходи чоловіка за пів року."
DECISION = "СП-2026/1187"


def pdf_bytes():
    """A real, one-page PDF, blank as many scans of a stamp are."""
    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.write(buffer)
    return buffer.getvalue()


def upload(name, data, mime):
    return {"name": name, "mimeType": mime, "buffer": data}


def pdf_text(tab, url):
    """The text of every page of the PDF at ``url``, fetched with the tab's
    own session as a click would."""
    response = tab.context.request.get(url)
    assert response.ok, f"{url}: {response.status}"
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    return "\n".join(page.extract_text() for page in reader.pages)


def document_row(tab, title):
    return tab.locator("table.subsidy-documents tr", has_text=title)


def sign_in(tab, url, email):
    """Open ``url``, sign in on the page it sends a stranger to, and wait until
    it is back at ``url``: a next step must not cut the sign-in short."""
    tab.goto(url)
    tab.fill("input[name=login]", email)
    tab.fill("input[name=password]", PASSWORD)
    tab.locator("main form button[type=submit]").click()
    answer_code_prompt(tab, email)
    expect(tab).to_have_url(url)


@pytest.fixture
def office_member(transactional_db, django_user_model):
    """Inna of the social-protection office, who signs in like anyone else."""
    user = make_resident(django_user_model, "inna")
    user.first_name, user.last_name = "Інна", "Мельник"
    user.save()
    user.groups.add(social_protection_group())
    give_authenticator(user)
    return user


@pytest.fixture
def office_tab(browser):
    """The office's own browser, so its session never mixes with Olena's."""
    context = browser.new_context(locale="uk-UA", accept_downloads=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def apply(tab):
    """Olena fills in every step and sends the application."""
    tab.get_by_role("link", name="Житлові субсидії").click()
    tab.get_by_role("button", name="Подати заяву на субсидію").click()

    # The dwelling, as billing has it, then the household.
    expect(tab.locator("main")).to_contain_text("вул. Соборна, 12, кв. 5")
    tab.get_by_role("link", name="Далі").click()
    tab.fill("input[name=full_name]", APPLICANT)
    tab.fill("input[name=birth_date]", "1968-02-25")
    tab.fill("input[name=rnokpp]", APPLICANT_RNOKPP)
    tab.get_by_role("button", name="Зберегти й додати ще одного").click()
    expect(tab.locator("main")).to_contain_text(f"{APPLICANT} — додано")
    tab.fill("input[name=full_name]", HUSBAND)
    tab.fill("input[name=birth_date]", "1965-09-14")
    tab.select_option("select[name=relation]", label="чоловік або дружина")
    tab.fill(
        "[name=no_rnokpp_reason]",
        "Відмовився від номера через релігійні переконання, є відмітка в паспорті.",
    )
    tab.get_by_role("button", name="Зберегти й продовжити").click()

    # Incomes for the six months: her wages, his pension.
    tab.locator("fieldset", has_text=APPLICANT).get_by_label("Заробітна плата").fill(
        "48 000,00"
    )
    tab.locator("fieldset", has_text=HUSBAND).get_by_label("Пенсія").fill("21600.50")
    tab.get_by_role("button", name="Зберегти", exact=True).click()
    expect(tab.locator(".household-total")).to_contain_text("69\u00a0600,50")
    tab.get_by_role("button", name="Зберегти й продовжити").click()

    tab.locator(".field-has_other_property").get_by_label("Ні").check()
    tab.locator(".field-has_large_purchases").get_by_label("Ні").check()
    tab.get_by_role("button", name="Зберегти й продовжити").click()

    # A phone's photo saved under a .pdf name is taken for what it is.
    tab.set_input_files(
        "input[name=files]", upload("pasport.pdf", png_bytes(), "application/pdf")
    )
    tab.fill("input[name=title]", "Паспорт заявниці")
    tab.select_option("select[name=member]", label=APPLICANT)
    tab.get_by_role("button", name="Додати", exact=True).click()
    expect(document_row(tab, "Паспорт заявниці")).to_contain_text("PNG")
    tab.set_input_files(
        "input[name=files]", upload("dovidka.pdf", pdf_bytes(), "application/pdf")
    )
    tab.fill("input[name=title]", "Довідка про зареєстрованих")
    tab.get_by_role("button", name="Додати", exact=True).click()
    expect(document_row(tab, "Довідка про зареєстрованих")).to_contain_text("PDF")
    tab.get_by_role("link", name="Далі").click()

    # The review shows the whole application; only the consent is missing.
    expect(tab.locator(".subsidy-problems li")).to_have_text(
        "Надайте згоду на обробку персональних даних."
    )
    for seen in (APPLICANT, APPLICANT_RNOKPP, HUSBAND, "Паспорт заявниці"):
        expect(tab.locator("main")).to_contain_text(seen)
    tab.locator("input[name=consent]").check()
    tab.get_by_role("button", name="Подати", exact=True).click()
    expect(tab.locator("main")).to_contain_text("Вашу заяву подано")


def office_requests_information(tab, base, email):
    """Inna finds the new application, takes it and asks for the husband's
    income certificate."""
    sign_in(tab, f"{base}/admin/", email)
    expect(tab.locator("main")).to_contain_text(APPLICANT)  # the dashboard's list
    tab.get_by_role("link", name="Субсидії").first.click()
    expect(tab.locator(".subsidy-counters")).to_contain_text("Подано: 1")
    tab.get_by_role("row", name=APPLICANT).get_by_role(
        "link", name="Переглянути"
    ).click()

    expect(tab.locator("main")).to_contain_text(APPLICANT_RNOKPP)
    expect(tab.locator("main")).to_contain_text("Паспорт заявниці")
    tab.get_by_role("button", name="Взяти в роботу").click()
    expect(tab.locator("main")).to_contain_text("Статус: на розгляді")
    tab.get_by_role("link", name="Запитати відомості").click()
    tab.fill("textarea[name=message]", OFFICE_ASKS)
    tab.get_by_role("button", name="Запитати відомості").click()
    expect(tab.locator("main")).to_contain_text("Статус: потрібні відомості")


def answer(tab, base):
    """Olena reads the request, attaches the certificate and sends again."""
    # Sent, taken into work, information requested: three unread notices.
    tab.goto(f"{base}/cabinet/")
    expect(tab.locator(".header-notices .header-counter")).to_contain_text("3")
    tab.locator(".header-notices").click()
    notices = tab.locator("main")
    expect(notices).to_contain_text(OFFICE_ASKS)
    tab.locator(".notice", has_text=OFFICE_ASKS).get_by_role("link").click()

    status = tab.locator("main")
    expect(status).to_contain_text("просить додаткові відомості")
    expect(status).to_contain_text(OFFICE_ASKS)
    tab.get_by_role("link", name="Виправити заяву").click()
    tab.locator("nav.subsidy-steps").get_by_role("link", name="Документи").click()
    tab.set_input_files(
        "input[name=files]", upload("dohody.png", png_bytes(), "image/png")
    )
    tab.fill("input[name=title]", "Довідка про доходи чоловіка")
    tab.select_option("select[name=member]", label=HUSBAND)
    tab.get_by_role("button", name="Додати", exact=True).click()
    expect(document_row(tab, "Довідка про доходи чоловіка")).to_contain_text(HUSBAND)
    tab.get_by_role("link", name="Далі").click()

    tab.fill("textarea[name=answer]", "Додала довідку про пенсію чоловіка.")
    tab.get_by_role("button", name="Подати", exact=True).click()
    expect(tab.locator("main")).to_contain_text("Вашу заяву подано")


def office_approves(tab):
    """The answer is back in Inna's review: she reads it and grants water."""
    tab.reload()
    expect(tab.locator("main")).to_contain_text("Додала довідку про пенсію чоловіка.")
    expect(tab.locator("main")).to_contain_text("Статус: на розгляді")
    tab.get_by_role("link", name="Призначити", exact=True).click()
    tab.fill("input[name=number]", DECISION)
    # November is billed already: the decision reaches back to it.
    tab.fill("input[name=period_from]", "2026-11-01")
    tab.fill("input[name=period_to]", "2027-04-30")
    tab.fill("input[name=amount_water_supply]", "456.78")
    tab.get_by_role("button", name="Призначити", exact=True).click()
    expect(tab.locator("main")).to_contain_text("Статус: схвалено")


def test_a_resident_gets_a_subsidy_into_her_bill(
    page,
    office_tab,
    live_server,
    site_tree,  # noqa: F811
    resident_with_bill,  # noqa: F811
    office_member,
    private_files,  # noqa: F811
    mailoutbox,
):
    base = live_server.url
    sign_in(page, f"{base}/cabinet/", resident_with_bill.email)
    apply(page)

    # The status page links the forms the office received.
    expect(page.locator("main")).to_contain_text("Заяву подано")
    form_link = page.get_by_role("link", name="Заява про призначення")
    application_pdf = pdf_text(page, f"{base}{form_link.get_attribute('href')}")
    assert APPLICANT in application_pdf
    assert APPLICANT_RNOKPP in application_pdf
    expect(page.get_by_role("link", name="Декларація про доходи")).to_be_visible()

    office_requests_information(office_tab, base, office_member.email)
    answer(page, base)
    office_approves(office_tab)

    # The decision, the November charges and the bill show the subsidy.
    page.reload()
    decision = page.locator("main")
    expect(decision).to_contain_text("Субсидію призначено")
    expect(decision).to_contain_text(DECISION)
    expect(decision).to_contain_text("456,78")

    page.goto(f"{base}/cabinet/")
    page.get_by_role("link", name="вул. Соборна, 12, кв. 5").click()
    water = page.locator("table.charges tr", has_text="Централізоване водопостачання")
    expect(water).to_contain_text("456,78")
    expect(page.locator("table.charges tfoot")).to_contain_text("777,78\u00a0грн")
    bill_url = page.locator("a[href$='2026-11.pdf']").first.get_attribute("href")
    bill = pdf_text(page, f"{base}{bill_url}")
    assert "456,78" in bill
    assert "Сімсот сімдесят сім гривень, сімдесят вісім копійок" in bill

    application = SubsidyApplication.objects.get()
    assert application.status == ApplicationStatus.APPROVED
    assert application.documents.count() == 3
    assert sorted(application.documents.values_list("content_type", flat=True)) == [
        "application/pdf",
        "image/png",
        "image/png",
    ]
    water_charge = Charge.objects.get(service__code="water_supply")
    assert water_charge.subsidy == Decimal("456.78")

    # Each of the five steps reached her by e-mail as well, the last naming the
    # decision; Inna was told of the answer to her request.
    to_olena = [m for m in mailoutbox if m.to == [resident_with_bill.email]]
    to_inna = [m for m in mailoutbox if m.to == [office_member.email]]
    assert len(to_olena) == 5
    assert DECISION in to_olena[-1].body
    assert [m.subject for m in to_inna] == [
        f"Заявник відповів щодо заяви № {application.pk}"
    ]
