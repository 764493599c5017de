"""A resident pays a bill online through the sandbox bank and sees the payment
waiting for the provider's confirmation."""

from datetime import date
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from wagtail.models import Locale, Page, Site

from cms.home.models import HomePage
from plugins.billing.models import Charge, Dwelling, PersonalAccount
from plugins.payments.models import OnlinePayment
from tests.e2e.content_policy import policy_complaints

PASSWORD = "secret-pass-1"


@pytest.fixture
def site(transactional_db, live_server):
    # A live-server test empties every table afterwards, Wagtail's too.
    Locale.objects.get_or_create(language_code="uk")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root")
    )
    Site.objects.all().delete()
    home = root.add_child(instance=HomePage(title="Павлоград", slug="city"))
    host, port = live_server.url.removeprefix("http://").split(":")
    Site.objects.create(
        hostname=host, port=int(port), root_page=home, is_default_site=True
    )


@pytest.fixture
def dwelling(transactional_db, django_user_model, water_provider, services):
    """Olena's flat, billed 300,00 грн for water in November 2026."""
    user = django_user_model.objects.create_user(
        username="olena", email="olena@example.org", password=PASSWORD
    )
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    dwelling = Dwelling.objects.create(
        street="вул. Соборна", house="12", apartment="5", total_area=Decimal("52.40")
    )
    dwelling.residents.add(user)
    account = PersonalAccount.objects.create(
        dwelling=dwelling,
        provider=water_provider,
        number="100234",
        access_code="4821",
        payer_name="Коваленко Олена Іванівна",
    )
    Charge.objects.create(
        account=account,
        service=services["water_supply"],
        period=date(2026, 11, 1),
        price=Decimal("29.052"),
        charged=Decimal("300.00"),
        closing_balance=Decimal("300.00"),
    )
    return dwelling


def test_a_resident_pays_through_the_sandbox_and_sees_it_pending(
    page, live_server, site, dwelling
):
    complaints = policy_complaints(page)
    page.goto(f"{live_server.url}/cabinet/dwellings/{dwelling.pk}/")
    page.fill("input[name=login]", "olena@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()

    page.fill("input[name=amount]", "120.50")
    page.get_by_role("button", name="Сплатити онлайн").click()
    page.wait_for_url("**/payments/sandbox/**")
    assert "120,50" in page.locator(".sandbox-card").inner_text()
    page.get_by_role("button", name="Сплатити", exact=True).click()
    page.wait_for_url(f"**/cabinet/dwellings/{dwelling.pk}/")

    panel = page.locator(".online-payment").inner_text()
    assert "очікує підтвердження" in panel
    assert "120,50\u00a0грн" in panel
    assert "179,50\u00a0грн" in panel  # 300,00 less the payment on its way
    assert OnlinePayment.objects.get().status == "paid"
    # The checkout page sends the payer on from a static script, which the
    # Content-Security-Policy lets run, and its forms post where it allows.
    assert complaints == [], "\n".join(complaints)
