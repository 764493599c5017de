"""The monthly bill as a PDF: in Ukrainian, with every service and exact totals."""

from base64 import b64decode
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation
from PIL import Image
from pypdf import PdfReader
from wagtail.models import Site

from cms.directory.models import Provider
from cms.home.models import SiteContacts
from plugins.billing import documents, qr, services
from plugins.billing.models import AccessLevel, DwellingAccess, PersonalAccount
from tests.billing.conftest import make_charge

pytestmark = pytest.mark.django_db

NOVEMBER = date(2026, 11, 1)
WORDS = "Одна тисяча двісті тридцять чотири гривні, п'ятдесят шість копійок"


def pdf_text(data):
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
    # Thousands are grouped with no-break spaces; compare with plain ones.
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture
def bill_pdf(client, resident, billed_dwelling):
    client.force_login(resident)
    response = client.get(reverse("billing:bill", args=[billed_dwelling.pk, "2026-11"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_the_bill_shows_address_services_total_and_words(bill_pdf):
    text = pdf_text(bill_pdf)

    assert "вул. Соборна, 12, кв. 5" in text
    assert "Коваленко Олена Іванівна" in text
    assert "Централізоване водопостачання" in text
    assert "Централізоване водовідведення" in text
    assert "1 234,56 грн" in text
    assert WORDS in " ".join(text.split())


def test_the_bill_names_the_month_in_ukrainian(bill_pdf):
    assert "за листопад 2026" in pdf_text(bill_pdf)


def test_the_bill_shows_the_providers_requisites(bill_pdf, water_provider):
    text = pdf_text(bill_pdf)

    assert water_provider.name in text
    assert "99990019" in text
    assert water_provider.iban in text
    assert "(приклад)" not in text


def test_an_example_provider_is_marked_and_empty_requisites_are_left_out(
    billed_dwelling, water_provider
):
    water_provider.is_example = True
    water_provider.iban = ""
    water_provider.save()

    bill = documents.build_bill(billed_dwelling, NOVEMBER)
    text = pdf_text(documents.render_bill_pdf(bill))

    assert "(приклад)" in text
    assert "IBAN" not in text


def test_the_bill_is_ukrainian_whatever_the_interface_language(billed_dwelling):
    bill = documents.build_bill(billed_dwelling, NOVEMBER)

    with translation.override("en"):
        text = pdf_text(documents.render_bill_pdf(bill))

    assert "листопад 2026" in text
    assert "November" not in text


def test_the_total_to_pay_skips_prepayments(billed_dwelling):
    billed_dwelling.accounts.get().charges.filter(
        period=NOVEMBER, service__code="sewerage"
    ).update(closing_balance=Decimal("-10.00"))

    bill = documents.build_bill(billed_dwelling, NOVEMBER)

    assert bill.totals["to_pay"] == Decimal("1000.00")
    assert bill.total_in_words == "Одна тисяча гривень, нуль копійок"


def test_a_month_without_charges_has_no_bill(billed_dwelling):
    assert documents.build_bill(billed_dwelling, date(2025, 1, 1)) is None


def test_the_bill_is_a4_with_the_shipped_fonts_embedded(bill_pdf):
    page = PdfReader(BytesIO(bill_pdf)).pages[0]

    fonts = {font["/BaseFont"] for font in page["/Resources"]["/Font"].values()}
    assert any(name.endswith("+DejaVuSans") for name in fonts)
    assert any(name.endswith("+DejaVuSans-Bold") for name in fonts)
    assert (round(page.mediabox.width), round(page.mediabox.height)) == (595, 842)


def test_the_pdf_engine_may_load_only_the_shipped_fonts():
    font = documents.FONTS_DIR / "DejaVuSans.ttf"

    assert documents.local_font(str(font), None) == str(font)
    with pytest.raises(documents.DocumentError):
        documents.local_font("http://127.0.0.1/logo.png", None)
    with pytest.raises(documents.DocumentError):
        documents.local_font(f"{documents.FONTS_DIR}/../../../models.py", None)


CITY = "м. Павлоград, Дніпропетровська обл."


@pytest.fixture
def city():
    """The default site's contacts name the city, as the operator fills them in."""
    site = Site.objects.get(is_default_site=True)
    SiteContacts.objects.create(site=site, city=CITY)
    return site


@pytest.fixture
def heating_account(billed_dwelling, services):
    """A second provider billing Olena's flat: heating, 500,00 to pay in November."""
    provider = Provider.objects.create(
        code="TEPLO",
        name="Комунальне підприємство «Тепловик»",
        short_name="КП «Тепловик»",
        edrpou="99990025",
        iban="UA503004650000026000000000002",
    )
    provider.services.set([services["central_heating"]])
    account = PersonalAccount.objects.create(
        dwelling=billed_dwelling,
        provider=provider,
        number="20000005",
        access_code="1111",
        payer_name="Коваленко Олена Іванівна",
    )
    make_charge(account, services["central_heating"], charged="500.00")
    return account


def test_the_bill_prints_the_city_in_the_address_and_each_purpose(
    client, resident, billed_dwelling, city
):
    client.force_login(resident)

    response = client.get(reverse("billing:bill", args=[billed_dwelling.pk, "2026-11"]))

    text = pdf_text(response.content)
    assert f"Адреса вул. Соборна, 12, кв. 5, {CITY}" in text
    assert (
        "Призначення платежу: Оплата за житлово-комунальні послуги, о/р 100234, "
        f"Коваленко О. І., вул. Соборна, 12, кв. 5, {CITY}, листопад 2026"
    ) in text


def test_without_a_city_the_bill_keeps_the_street_address_and_writes_nothing(
    client, resident, billed_dwelling
):
    client.force_login(resident)

    response = client.get(reverse("billing:bill", args=[billed_dwelling.pk, "2026-11"]))

    assert "Коваленко О. І., вул. Соборна, 12, кв. 5, листопад 2026" in pdf_text(
        response.content
    )
    assert not SiteContacts.objects.exists()


def test_each_provider_block_asks_for_that_providers_amount(
    billed_dwelling, heating_account, city
):
    bill = documents.build_bill(billed_dwelling, NOVEMBER, city)

    amounts = {block.provider.code: block.to_pay for block in bill.providers}
    assert amounts == {"PVK": Decimal("1234.56"), "TEPLO": Decimal("500.00")}
    text = pdf_text(documents.render_bill_pdf(bill))
    assert "До сплати цьому надавачу 1 234,56 грн" in text
    assert "До сплати цьому надавачу 500,00 грн" in text
    assert "о/р 20000005, Коваленко О. І." in text


def test_a_provider_owed_nothing_is_asked_for_nothing(billed_dwelling):
    billed_dwelling.accounts.get().charges.filter(period=NOVEMBER).update(
        closing_balance=Decimal("-10.00")
    )

    bill = documents.build_bill(billed_dwelling, NOVEMBER)

    assert bill.providers[0].to_pay == Decimal("0.00")


def test_a_bill_with_several_providers_still_fits_one_page(
    billed_dwelling, heating_account, city
):
    bill = documents.build_bill(billed_dwelling, NOVEMBER, city)

    assert len(PdfReader(BytesIO(documents.render_bill_pdf(bill))).pages) == 1


@pytest.mark.parametrize(
    ("full", "short"),
    [
        ("Власенко Галина Віталіївна", "Власенко Г. В."),
        ("  Коваленко   Олена ", "Коваленко О."),
        ("Шевченко", "Шевченко"),
        ("", ""),
    ],
)
def test_payment_purposes_name_the_payer_by_surname_and_initials(full, short):
    assert documents.initials(full) == short


def test_each_provider_owed_something_gets_a_code_of_its_amount(
    billed_dwelling, heating_account, city, water_provider
):
    bill = documents.build_bill(billed_dwelling, NOVEMBER, city)

    fields = {
        block.provider.code: qr.decode_payment_url(block.qr_url)
        for block in bill.providers
    }
    water = fields["PVK"]
    assert water[5] == water_provider.name
    assert water[6] == water_provider.iban
    assert water[7] == "UAH1234.56"
    assert water[8] == "99990019"
    assert water[11].endswith("вул. Соборна, 12, кв. 5, листопад 2026")
    assert "о/р 100234, Коваленко О. І." in water[11]
    assert fields["TEPLO"][7] == "UAH500.00"


def test_the_pdf_carries_one_image_per_provider_owed_something(
    billed_dwelling, heating_account, city
):
    bill = documents.build_bill(billed_dwelling, NOVEMBER, city)

    reader = PdfReader(BytesIO(documents.render_bill_pdf(bill)))

    assert sum(len(page.images) for page in reader.pages) == 2


def test_the_pdfs_code_is_the_payment_code_with_the_hryvnia_sign(billed_dwelling):
    bill = documents.build_bill(billed_dwelling, NOVEMBER)

    (image,) = PdfReader(BytesIO(documents.render_bill_pdf(bill))).pages[0].images

    marked = qr.payment_png_data_uri(bill.providers[0].qr_url)
    expected = Image.open(BytesIO(b64decode(marked.split(",", 1)[1])))
    assert image.image.convert("L").tobytes() == expected.convert("L").tobytes()


def test_a_prepaid_provider_gets_no_code_and_no_amount(billed_dwelling):
    billed_dwelling.accounts.get().charges.filter(period=NOVEMBER).update(
        closing_balance=Decimal("-10.00")
    )

    bill = documents.build_bill(billed_dwelling, NOVEMBER)
    reader = PdfReader(BytesIO(documents.render_bill_pdf(bill)))

    assert bill.providers[0].qr_url == ""
    assert sum(len(page.images) for page in reader.pages) == 0
    assert "До сплати цьому надавачу" not in reader.pages[0].extract_text()


def test_the_print_page_shows_the_bill_with_inline_qr_codes(
    client, resident, billed_dwelling, heating_account
):
    client.force_login(resident)

    response = client.get(
        reverse("billing:bill_print", args=[billed_dwelling.pk, "2026-11"])
    )

    text = " ".join(response.text.replace("\u00a0", " ").split())
    assert response.status_code == 200
    assert text.count("<svg") == 2
    assert text.count('class="hryvnia-sign"') == 2
    # The print styles come from the portal's own style sheet, as the
    # Content-Security-Policy requires.
    assert "billing/bill_print.css" in text
    assert "@media print" in Path(finders.find("billing/bill_print.css")).read_text()
    assert "1 234,56 грн" in text
    assert "о/р 100234, Коваленко О. І." in text


def test_the_dwelling_page_links_the_print_page_and_offers_a_certificate(
    client, resident, billed_dwelling
):
    client.force_login(resident)

    response = client.get(reverse("billing:dwelling", args=[billed_dwelling.pk]))

    print_url = reverse("billing:bill_print", args=[billed_dwelling.pk, "2026-11"])
    issue_url = reverse("billing:certificate_issue", args=[billed_dwelling.pk])
    assert f'href="{print_url}"' in response.text
    assert f'action="{issue_url}"' in response.text


def test_the_print_page_of_another_dwelling_or_month_is_not_found(
    client, neighbour, resident, billed_dwelling
):
    client.force_login(neighbour)
    theirs = client.get(
        reverse("billing:bill_print", args=[billed_dwelling.pk, "2026-11"])
    )
    client.force_login(resident)
    empty = client.get(
        reverse("billing:bill_print", args=[billed_dwelling.pk, "2025-01"])
    )

    assert theirs.status_code == 404
    assert empty.status_code == 404


def test_a_name_too_long_for_the_code_gives_way_to_the_short_name(
    billed_dwelling, city, water_provider
):
    water_provider.name = (
        "Комунальне підприємство «Павлоградське виробниче управління "
        "водопровідно-каналізаційного господарства» Павлоградської міської ради"
    )
    water_provider.short_name = "КП «Павлоградводоканал»"
    water_provider.save()

    bill = documents.build_bill(billed_dwelling, NOVEMBER, city)

    (water,) = [qr.decode_payment_url(block.qr_url) for block in bill.providers]
    assert water[5] == "КП «Павлоградводоканал»"


CODE_LINE = "Особовий рахунок 100234: код доступу до кабінету порталу 4821"


def test_the_owners_bill_prints_each_accounts_access_code(bill_pdf):
    assert CODE_LINE in pdf_text(bill_pdf)


def test_a_delegates_bill_leaves_the_access_codes_out(
    client, resident, neighbour, billed_dwelling
):
    DwellingAccess.objects.create(
        dwelling=billed_dwelling,
        user=neighbour,
        level=AccessLevel.VIEW,
        granted_by=resident,
    )
    client.force_login(neighbour)

    pdf = client.get(reverse("billing:bill", args=[billed_dwelling.pk, "2026-11"]))
    page = client.get(
        reverse("billing:bill_print", args=[billed_dwelling.pk, "2026-11"])
    )

    assert pdf.status_code == page.status_code == 200
    assert "4821" not in pdf_text(pdf.content)
    assert "4821" not in page.text
    assert "код доступу" not in page.text


def test_the_owners_print_page_prints_the_access_code(
    client, resident, billed_dwelling
):
    client.force_login(resident)

    page = client.get(
        reverse("billing:bill_print", args=[billed_dwelling.pk, "2026-11"])
    )

    assert CODE_LINE in " ".join(page.text.replace("\u00a0", " ").split())


def test_the_owners_bill_with_several_providers_fits_one_page(
    resident, billed_dwelling, heating_account, city
):
    owned = services.dwellings_of(resident).get(pk=billed_dwelling.pk)
    bill = documents.build_bill(owned, NOVEMBER, city)

    assert [block.access_codes for block in bill.providers] != [[], []]
    assert len(PdfReader(BytesIO(documents.render_bill_pdf(bill))).pages) == 1


def test_a_charge_at_an_illustrative_tariff_is_marked_as_an_example(
    client, resident, billed_dwelling, water_tariffs
):
    tariff = water_tariffs["water_supply"]
    tariff.is_example = True
    tariff.save()
    billed_dwelling.accounts.get().charges.filter(service__code="water_supply").update(
        tariff=tariff
    )
    client.force_login(resident)

    page = client.get(reverse("billing:dwelling", args=[billed_dwelling.pk])).text
    pdf = client.get(reverse("billing:bill", args=[billed_dwelling.pk, "2026-11"]))

    assert page.count('class="example-badge"') == 1
    assert pdf_text(pdf.content).count("(приклад)") == 1
