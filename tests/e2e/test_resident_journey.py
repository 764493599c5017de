"""A resident's first visit: the tariffs, then the cabinet and the month's bill."""

import io
from datetime import date
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect
from pypdf import PdfReader
from wagtail.models import Locale, Page, Site

from cms.home.models import HomePage
from cms.tariffs.models import TariffPolicyPage
from plugins.billing.models import Charge, Dwelling, PersonalAccount

PASSWORD = "secret-pass-1"
NOVEMBER = date(2026, 11, 1)


def make_resident(user_model, name):
    """A resident who has confirmed their e-mail, as sign-in requires."""
    email = f"{name}@example.org"
    user = user_model.objects.create_user(username=name, email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def site_tree(transactional_db, live_server):
    # A live-server test empties every table afterwards, including the rows
    # Wagtail's migrations create, so the tree is rebuilt from its root.
    Locale.objects.get_or_create(language_code="uk")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root")
    )
    Site.objects.all().delete()
    home = root.add_child(instance=HomePage(title="Павлоград", slug="city"))
    tariffs = home.add_child(
        instance=TariffPolicyPage(title="Тарифи", slug="taryfy", show_in_menus=True)
    )
    tariffs.save_revision().publish()
    host, port = live_server.url.removeprefix("http://").split(":")
    Site.objects.create(
        hostname=host, port=int(port), root_page=home, is_default_site=True
    )
    return home


@pytest.fixture
def resident_with_bill(transactional_db, django_user_model, water_provider, services):
    """Olena's flat, billed 1 234,56 грн for water and sewerage in November 2026."""
    resident = make_resident(django_user_model, "olena")
    dwelling = Dwelling.objects.create(
        street="вул. Соборна", house="12", apartment="5", total_area=Decimal("52.40")
    )
    dwelling.residents.add(resident)
    account = PersonalAccount.objects.create(
        dwelling=dwelling,
        provider=water_provider,
        number="100234",
        access_code="4821",
        payer_name="Коваленко Олена Іванівна",
    )
    for service, volume, price, charged in [
        (services["water_supply"], "34.423", "29.052", "1000.06"),
        (services["sewerage"], "20.573", "11.40", "234.50"),
    ]:
        Charge.objects.create(
            account=account,
            service=service,
            period=NOVEMBER,
            volume=Decimal(volume),
            unit="m3",
            price=Decimal(price),
            charged=Decimal(charged),
            closing_balance=Decimal(charged),
        )
    return resident


def test_a_resident_reads_the_tariff_then_signs_in_and_gets_the_bill(
    page, live_server, site_tree, water_tariffs, resident_with_bill
):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Тарифи").first.click()

    # The home page has a main too: wait for the tariff page's figure.
    expect(page.locator("main")).to_contain_text("29,052")

    page.goto(f"{live_server.url}/cabinet/")
    page.fill("input[name=login]", "olena@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.get_by_role("link", name="вул. Соборна, 12, кв. 5").click()

    charges = page.locator("table.charges").inner_text()
    assert "Централізоване водопостачання" in charges
    assert "1\u00a0234,56\u00a0грн" in charges

    bill_url = page.locator("a[href$='2026-11.pdf']").first.get_attribute("href")
    response = page.context.request.get(f"{live_server.url}{bill_url}")
    text = PdfReader(io.BytesIO(response.body())).pages[0].extract_text()
    assert response.headers["content-type"] == "application/pdf"
    assert "вул. Соборна, 12, кв. 5" in text
    assert "Одна тисяча двісті тридцять чотири гривні, п'ятдесят шість копійок" in text


def test_another_visitor_cannot_open_the_residents_bill(
    page, live_server, site_tree, resident_with_bill, django_user_model
):
    make_resident(django_user_model, "petro")
    dwelling = resident_with_bill.dwellings.get()

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "petro@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    response = page.goto(f"{live_server.url}/cabinet/dwellings/{dwelling.pk}/")

    assert response.status == 404
