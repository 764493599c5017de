"""What to pay this month and by when: the dwelling's page and the bill say the
due date, and the page says when it has passed with something still unpaid."""

import html
from datetime import UTC, date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from pypdf import PdfReader

from cms.directory.models import Provider
from plugins.billing import due
from plugins.billing.models import Payment, PersonalAccount
from tests.billing.conftest import make_charge

pytestmark = pytest.mark.django_db

NOVEMBER = date(2026, 11, 1)
PAY_BY = "Сплатіть до 20 грудня 2026 включно."
OVERDUE = "Прострочено. Рахунок треба було сплатити до 20 грудня 2026 включно."


def plain(text):
    """What a reader sees of ``text``: no tags, one space between words."""
    words = html.unescape(strip_tags(text)).replace("\u00a0", " ")
    return " ".join(words.split())


@pytest.fixture
def today(monkeypatch):
    """Set the day it is in Kyiv."""

    def set_today(day):
        monkeypatch.setattr(due, "today_in_kyiv", lambda: day)

    return set_today


@pytest.fixture
def overview(client, resident):
    def page_of(dwelling, prefix=""):
        client.force_login(resident)
        response = client.get(prefix + reverse("billing:dwelling", args=[dwelling.pk]))
        assert response.status_code == 200
        return response.text

    return page_of


def pay(dwelling, paid_on, amount, account=None):
    Payment.objects.create(
        account=account or dwelling.accounts.get(),
        paid_on=paid_on,
        amount=Decimal(amount),
        source="bank",
        reference=f"{paid_on}-{amount}",
    )


def test_the_page_says_what_to_pay_for_the_month_and_by_when(
    overview, today, billed_dwelling
):
    today(date(2026, 12, 4))

    text = plain(overview(billed_dwelling))

    assert "Листопад 2026: до сплати 1 234,56 грн " + PAY_BY in text
    assert "Прострочено" not in text


def test_the_due_day_itself_is_not_late(overview, today, billed_dwelling):
    today(date(2026, 12, 20))

    text = plain(overview(billed_dwelling))

    assert PAY_BY in text
    assert "Прострочено" not in text


def test_the_day_after_an_unpaid_bill_is_overdue(overview, today, billed_dwelling):
    today(date(2026, 12, 21))

    page = overview(billed_dwelling)

    assert OVERDUE in plain(page)
    assert PAY_BY not in plain(page)
    assert 'class="payment-due overdue"' in page


def test_a_bill_paid_after_the_month_is_not_overdue(overview, today, billed_dwelling):
    pay(billed_dwelling, date(2026, 12, 15), "1234.56")
    today(date(2026, 12, 21))

    text = plain(overview(billed_dwelling))

    assert "Після закінчення місяця рахунок сплачено повністю." in text
    assert "Прострочено" not in text
    assert PAY_BY not in text


def test_a_part_paid_bill_says_what_remains_and_is_overdue_later(
    overview, today, billed_dwelling
):
    pay(billed_dwelling, date(2026, 12, 10), "234.56")
    # Paid within the billed month: the bill already counts it.
    pay(billed_dwelling, date(2026, 11, 25), "500.00")
    today(date(2026, 12, 21))

    text = plain(overview(billed_dwelling))

    assert (
        "З цієї суми після закінчення місяця вже сплачено 234,56 грн; "
        "залишилося сплатити 1 000,00 грн."
    ) in text
    assert OVERDUE in text


def test_paying_one_provider_more_does_not_pay_another(
    overview, today, billed_dwelling, services
):
    heating = Provider.objects.create(
        code="TEPLO", name="КП «Тепловик»", short_name="КП «Тепловик»"
    )
    account = PersonalAccount.objects.create(
        dwelling=billed_dwelling,
        provider=heating,
        number="20000005",
        access_code="1111",
        payer_name="Коваленко Олена Іванівна",
    )
    make_charge(account, services["central_heating"], charged="500.00")
    pay(billed_dwelling, date(2026, 12, 10), "2000.00", account=account)
    today(date(2026, 12, 21))

    text = plain(overview(billed_dwelling))

    assert "Листопад 2026: до сплати 1 734,56 грн" in text
    assert "залишилося сплатити 1 234,56 грн" in text
    assert OVERDUE in text


def test_a_prepaid_month_asks_for_nothing(overview, today, billed_dwelling):
    billed_dwelling.accounts.get().charges.filter(period=NOVEMBER).update(
        closing_balance=Decimal("-10.00")
    )
    today(date(2026, 12, 21))

    text = plain(overview(billed_dwelling))

    assert "За цей місяць сплачувати нічого." in text
    assert "Сплатіть до" not in text and "Прострочено" not in text


def test_the_english_page_says_the_date_in_english(overview, today, billed_dwelling):
    today(date(2026, 12, 21))

    text = plain(overview(billed_dwelling, prefix="/en"))

    assert "November 2026: to pay" in text
    assert "Overdue. The bill was to be paid by 20 December 2026 inclusive." in text


@override_settings(BILLING_DUE_DAY=25)
def test_a_city_can_set_another_due_day(overview, today, billed_dwelling):
    today(date(2026, 12, 21))

    text = plain(overview(billed_dwelling))

    assert "Сплатіть до 25 грудня 2026 включно." in text


@pytest.mark.parametrize(
    ("period", "day", "due_on"),
    [
        (date(2026, 11, 1), 20, date(2026, 12, 20)),
        (date(2026, 12, 1), 20, date(2027, 1, 20)),
        (date(2027, 1, 1), 31, date(2027, 2, 28)),
        (date(2027, 3, 1), 31, date(2027, 4, 30)),
    ],
)
def test_the_due_date_is_the_day_of_the_next_month(period, day, due_on):
    assert due.due_date(period, day) == due_on


def test_the_day_turns_at_midnight_in_kyiv(monkeypatch):
    # 23:30 on 20 December in UTC is already 01:30 on the 21st in Kyiv.
    moment = datetime(2026, 12, 20, 23, 30, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)

    assert due.today_in_kyiv() == date(2026, 12, 21)


def test_the_bill_says_by_when_to_pay(client, resident, billed_dwelling):
    client.force_login(resident)

    pdf = client.get(reverse("billing:bill", args=[billed_dwelling.pk, "2026-11"]))
    page = client.get(
        reverse("billing:bill_print", args=[billed_dwelling.pk, "2026-11"])
    )

    pdf_text = plain(PdfReader(BytesIO(pdf.content)).pages[0].extract_text())
    assert PAY_BY in pdf_text
    assert PAY_BY in plain(page.text)


def test_a_bill_that_asks_nothing_names_no_date(client, resident, billed_dwelling):
    billed_dwelling.accounts.get().charges.filter(period=NOVEMBER).update(
        closing_balance=Decimal("-10.00")
    )
    client.force_login(resident)

    page = client.get(
        reverse("billing:bill_print", args=[billed_dwelling.pk, "2026-11"])
    )

    assert "Сплатіть до" not in plain(page.text)


DECEMBER = date(2026, 12, 1)


@pytest.fixture
def heating_ahead(billed_dwelling, services):
    """A heating account whose provider has already sent December's export,
    while the water utility's latest is still November."""
    heating = Provider.objects.create(
        code="TEPLO", name="КП «Тепловик»", short_name="КП «Тепловик»"
    )
    account = PersonalAccount.objects.create(
        dwelling=billed_dwelling,
        provider=heating,
        number="20000005",
        access_code="1111",
        payer_name="Коваленко Олена Іванівна",
    )
    make_charge(account, services["central_heating"], charged="400.00")
    make_charge(
        account,
        services["central_heating"],
        DECEMBER,
        opening_balance="400.00",
        charged="500.00",
        paid="400.00",
    )
    return account


def test_a_provider_that_exported_early_does_not_hide_another_bill(
    overview, today, billed_dwelling, heating_ahead
):
    today(date(2026, 12, 29))

    text = plain(overview(billed_dwelling))

    # Water's November (1 234,56) and heating's December (500,00) both stay due.
    assert "До сплати за останніми рахунками надавачів 1 734,56 грн" in text
    assert "Прострочено. Рахунок треба було сплатити до 20 грудня 2026" in text
    assert (
        "КП «Водоканал» о/р 100234 Листопад 2026 1 234,56 "
        "20 грудня 2026 (прострочено) 1 234,56 1 234,56 грн"
    ) in text
    assert (
        "КП «Тепловик» о/р 20000005 Грудень 2026 500,00 20 січня 2027 500,00 500,00 грн"
    ) in text
    assert "Разом 1 734,56 1 734,56 1 734,56 грн" in text


def test_each_providers_latest_month_is_on_the_charges_table(
    overview, today, billed_dwelling, heating_ahead
):
    today(date(2026, 12, 29))

    text = plain(overview(billed_dwelling))

    assert "Останні рахунки кожного надавача за послугами" in text
    assert "о/р 100234, Листопад 2026" in text
    assert "о/р 20000005, Грудень 2026" in text
    assert "Централізоване водопостачання" in text
    assert "Централізоване опалення" in text


def test_each_provider_is_paid_off_against_its_own_month(
    overview, today, billed_dwelling, heating_ahead
):
    # Paid in December: after water's November, inside heating's December.
    water = billed_dwelling.accounts.get(number="100234")
    pay(billed_dwelling, date(2026, 12, 10), "1234.56", account=water)
    pay(billed_dwelling, date(2026, 12, 10), "500.00", account=heating_ahead)
    today(date(2026, 12, 29))

    text = plain(overview(billed_dwelling))

    assert "Прострочено" not in text
    assert "Сплатіть до 20 січня 2027 включно." in text
    assert "після закінчення місяця вже сплачено 1 234,56 грн" in text


def test_the_bill_links_name_each_providers_month(
    client, resident, billed_dwelling, heating_ahead
):
    client.force_login(resident)

    page = client.get(reverse("billing:dwelling", args=[billed_dwelling.pk])).text

    assert reverse("billing:bill", args=[billed_dwelling.pk, "2026-11"]) in page
    assert reverse("billing:bill", args=[billed_dwelling.pk, "2026-12"]) in page
