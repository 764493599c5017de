"""The settlement certificate: figures to the kopeck on a date, the PDF, and the
public page that verifies it."""

import html
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from plugins.billing import documents
from plugins.billing.documents.certificate import CODE_ALPHABET, CODE_LENGTH
from plugins.billing.models import (
    AccessLevel,
    DwellingAccess,
    Payment,
    SettlementCertificate,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 20)
WORDS = "Одна тисяча двісті тридцять чотири гривні, п'ятдесят шість копійок"


def plain(text):
    """Text unescaped, with no-break spaces and runs of white space as single
    spaces."""
    return " ".join(html.unescape(text).replace("\u00a0", " ").split())


def pay(dwelling, paid_on, amount, confirmed=True):
    Payment.objects.create(
        account=dwelling.accounts.get(),
        paid_on=paid_on,
        amount=Decimal(amount),
        source="bank",
        reference=f"{paid_on}-{amount}",
        confirmed=confirmed,
    )


def figures(dwelling, as_of):
    return documents.certificate_figures(dwelling, as_of)


def balances(result):
    return {
        row["name"]: row["balance"]
        for provider in result["providers"]
        for row in provider["services"]
    }


@pytest.fixture
def named_resident(resident):
    resident.first_name = "Олена"
    resident.last_name = "Коваленко"
    resident.save()
    return resident


def test_at_a_month_end_the_months_closing_balances_are_stated(billed_dwelling):
    result = figures(billed_dwelling, date(2026, 11, 30))

    assert balances(result) == {
        "Централізоване водопостачання": "1000.00",
        "Централізоване водовідведення": "234.56",
    }
    assert result["total"] == "1234.56"
    assert result["total_in_words"] == WORDS


def test_a_month_not_yet_ended_is_not_counted(billed_dwelling):
    result = figures(billed_dwelling, date(2026, 11, 29))

    assert result["total"] == "200.00"
    assert result["providers"][0]["month"] == "2026-10-01"


def test_payments_after_the_month_end_up_to_the_date_are_subtracted(
    billed_dwelling,
):
    pay(billed_dwelling, date(2026, 11, 20), "999.00")  # already in November
    pay(billed_dwelling, date(2026, 12, 3), "300.01")
    pay(billed_dwelling, date(2026, 12, 5), "0.50")  # on the date itself
    pay(billed_dwelling, date(2026, 12, 6), "100.00")  # after the date
    pay(billed_dwelling, date(2026, 12, 4), "50.00", confirmed=False)

    result = figures(billed_dwelling, date(2026, 12, 5))

    provider = result["providers"][0]
    assert provider["paid_after"] == "300.51"
    assert provider["balance"] == "934.05"
    assert result["total"] == "934.05"
    assert result["total_in_words"] == (
        "Дев'ятсот тридцять чотири гривні, п'ять копійок"
    )


def test_a_prepayment_is_negative_and_printed_as_overpaid(
    client, named_resident, billed_dwelling
):
    pay(billed_dwelling, date(2026, 12, 2), "1500.00")
    certificate = documents.issue_certificate(
        billed_dwelling, named_resident, date(2026, 12, 10), today=TODAY
    )

    assert certificate.figures["total"] == "-265.44"
    response = client.get(reverse("billing:certificate_check", args=[certificate.code]))
    text = plain(response.text)
    assert "Переплата" in text
    assert "265,44" in text
    assert "Двісті шістдесят п'ять гривень, сорок чотири копійки" in text


def test_the_date_may_be_neither_in_the_future_nor_before_the_first_month(
    named_resident, billed_dwelling
):
    with pytest.raises(documents.CertificateDateError):
        documents.issue_certificate(
            billed_dwelling, named_resident, date(2026, 12, 21), today=TODAY
        )
    with pytest.raises(documents.CertificateDateError):
        documents.issue_certificate(
            billed_dwelling, named_resident, date(2026, 10, 30), today=TODAY
        )

    assert documents.earliest_certificate_date(billed_dwelling) == date(2026, 10, 31)
    assert not SettlementCertificate.objects.exists()


def test_codes_are_long_unambiguous_and_unique(named_resident, billed_dwelling):
    codes = {
        documents.issue_certificate(
            billed_dwelling, named_resident, date(2026, 11, 30), today=TODAY
        ).code
        for _ in range(20)
    }

    assert len(codes) == 20
    for code in codes:
        assert len(code) == CODE_LENGTH
        assert set(code) <= set(CODE_ALPHABET)
        assert not set(code) & set("01OIL")


@pytest.fixture
def issued(client, named_resident, billed_dwelling):
    """Olena asks for her certificate as of 30 November 2026 through the form."""
    client.force_login(named_resident)
    response = client.post(
        reverse("billing:certificate_issue", args=[billed_dwelling.pk]),
        {"as_of": "2026-11-30"},
    )
    assert response.status_code == 302
    return SettlementCertificate.objects.get(), response["Location"]


def test_the_form_opens_the_certificate_pdf(client, issued, billed_dwelling):
    certificate, location = issued

    response = client.get(location)

    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    assert len(reader.pages) == 1
    assert sum(len(page.images) for page in reader.pages) == 1
    text = plain(reader.pages[0].extract_text())
    assert "ДОВІДКА" in text
    assert f"№ {certificate.code} станом на 30.11.2026" in text
    assert "Коваленко Олена" in text
    assert "вул. Соборна, 12, кв. 5" in text
    assert "1 000,00" in text and "234,56" in text
    assert "1 234,56 грн" in text
    assert WORDS in text
    assert f"/cabinet/check/{certificate.code}/" in text


def test_the_verification_page_shows_the_figures_but_no_account(
    client, issued, billed_dwelling
):
    certificate, _ = issued
    client.logout()

    response = client.get(reverse("billing:certificate_check", args=[certificate.code]))

    text = plain(response.text)
    assert response.status_code == 200
    assert "вул. Соборна, 12, кв. 5" in text
    assert "30.11.2026" in text
    assert "1 000,00" in text and "234,56" in text and "1 234,56 грн" in text
    assert "Коваленко О." in text
    assert "100234" not in text
    assert "Олена" not in text


def test_the_verification_page_keeps_the_figures_as_issued(
    client, issued, billed_dwelling
):
    certificate, _ = issued
    billed_dwelling.accounts.get().charges.update(closing_balance=Decimal("7.77"))

    response = client.get(reverse("billing:certificate_check", args=[certificate.code]))

    assert "1 234,56" in plain(response.text)
    assert "7,77" not in response.text


def test_an_unknown_code_is_not_found(client):
    response = client.get(reverse("billing:certificate_check", args=["ABCDEFGHJK"]))

    assert response.status_code == 404


def test_another_residents_dwelling_and_certificate_are_not_found(
    client, issued, neighbour, billed_dwelling
):
    certificate, location = issued
    client.force_login(neighbour)

    posted = client.post(
        reverse("billing:certificate_issue", args=[billed_dwelling.pk]),
        {"as_of": "2026-11-30"},
    )

    assert posted.status_code == 404
    assert client.get(location).status_code == 404


def test_a_bad_date_shows_the_form_again_with_the_reason(
    client, named_resident, billed_dwelling
):
    client.force_login(named_resident)

    response = client.post(
        reverse("billing:certificate_issue", args=[billed_dwelling.pk]),
        {"as_of": "2026-10-15"},
    )

    assert response.status_code == 400
    assert "31.10.2026" in response.text
    assert not SettlementCertificate.objects.exists()


def test_issuing_and_checking_take_a_bounded_number_of_queries(
    client,
    named_resident,
    billed_dwelling,
    heating_dwelling_payment,
    django_assert_max_num_queries,
):
    with django_assert_max_num_queries(8):
        certificate = documents.issue_certificate(
            billed_dwelling, named_resident, date(2026, 12, 5), today=TODAY
        )
    # The site's header and footer read their settings and menus too.
    with django_assert_max_num_queries(8):
        client.get(reverse("billing:certificate_check", args=[certificate.code]))


@pytest.fixture
def heating_dwelling_payment(billed_dwelling):
    """More rows to count queries against: payments after November."""
    for day in range(1, 5):
        pay(billed_dwelling, date(2026, 12, day), "1.00")


def test_the_pdf_names_the_payer_and_who_asked_but_no_e_mail(
    client, resident, billed_dwelling
):
    # A profile without a name: the document names the account's payer only.
    client.force_login(resident)
    location = client.post(
        reverse("billing:certificate_issue", args=[billed_dwelling.pk]),
        {"as_of": "2026-11-30"},
    )["Location"]

    reader = PdfReader(BytesIO(client.get(location).content))
    text = plain(reader.pages[0].extract_text())

    assert "Платник Коваленко Олена Іванівна" in text
    assert resident.email not in text
    assert "На запит" not in text


def test_the_pdf_says_at_whose_request_it_was_issued(client, issued):
    _certificate, location = issued

    reader = PdfReader(BytesIO(client.get(location).content))
    text = plain(reader.pages[0].extract_text())

    assert "Платник Коваленко Олена Іванівна" in text
    assert "Видано на запит Коваленко Олена" in text


def delegate(dwelling, owner, user, level):
    return DwellingAccess.objects.create(
        dwelling=dwelling, user=user, level=level, granted_by=owner
    )


@pytest.fixture
def relative(django_user_model):
    return django_user_model.objects.create_user(
        username="maria", email="maria@example.org", password="x"
    )


def test_a_view_only_delegate_is_told_why_no_certificate_is_issued(
    client, resident, relative, billed_dwelling
):
    delegate(billed_dwelling, resident, relative, AccessLevel.VIEW)
    client.force_login(relative)

    page = client.get(reverse("billing:dwelling", args=[billed_dwelling.pk])).text
    refused = client.post(
        reverse("billing:certificate_issue", args=[billed_dwelling.pk]),
        {"as_of": "2026-11-30"},
    )

    assert 'class="certificate-request"' not in page
    assert refused.status_code == 403
    assert "Ваш доступ до цього помешкання — лише перегляд" in plain(refused.text)
    assert not SettlementCertificate.objects.exists()


def test_a_delegate_allowed_to_pay_gets_the_certificate(
    client, resident, relative, billed_dwelling
):
    delegate(billed_dwelling, resident, relative, AccessLevel.VIEW_AND_PAY)
    client.force_login(relative)

    page = client.get(reverse("billing:dwelling", args=[billed_dwelling.pk])).text
    response = client.post(
        reverse("billing:certificate_issue", args=[billed_dwelling.pk]),
        {"as_of": "2026-11-30"},
    )

    assert 'class="certificate-request"' in page
    assert response.status_code == 302
    certificate = SettlementCertificate.objects.get()
    assert certificate.issued_to == relative
    assert certificate.figures["payers"] == ["Коваленко Олена Іванівна"]
