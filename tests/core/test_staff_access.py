"""Staff reach the admin only through the portal's single sign-in form, and the
admin refuses to delete what the city's books refer to."""

from datetime import date
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from cms.tariffs.models import Tariff
from plugins.billing.models import Charge, Dwelling, PersonalAccount
from tests.second_factor import current_code, give_authenticator

PASSWORD = "staff-pass-1"


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_superuser(
        username="admin", email="admin@example.org", password=PASSWORD
    )
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


def test_the_admin_sends_anonymous_visitors_to_the_portal_sign_in(client, db):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=/admin/")


def test_the_admins_own_login_form_signs_no_one_in(client, staff):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": staff.email, "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=%2Fadmin%2F"
    assert client.get("/admin/").status_code == 302


def test_staff_sign_in_on_the_portal_form_and_reach_the_admin(client, staff):
    secret = give_authenticator(staff)

    response = client.post(
        "/accounts/login/?next=/admin/", {"login": staff.email, "password": PASSWORD}
    )
    assert response.url.startswith("/accounts/2fa/authenticate/")
    client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})

    assert client.get("/admin/").status_code == 200


def test_an_unconfirmed_e_mail_keeps_staff_out_of_the_admin(client, staff):
    EmailAddress.objects.filter(user=staff).update(verified=False)

    client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})

    assert client.get("/admin/").status_code == 302


@pytest.fixture
def tariff_in_use(water_tariffs, water_provider, services):
    """The water tariff, referred to by one month's charge."""
    tariff = water_tariffs["water_supply"]
    dwelling = Dwelling.objects.create(
        street="вул. Соборна", house="1", total_area=Decimal("40")
    )
    account = PersonalAccount.objects.create(
        dwelling=dwelling, provider=water_provider, number="1", access_code="1"
    )
    Charge.objects.create(
        account=account,
        service=services["water_supply"],
        period=date(2026, 11, 1),
        price=tariff.price,
        tariff=tariff,
    )
    return tariff


def test_a_tariff_charges_were_computed_with_cannot_be_deleted(
    client, staff, tariff_in_use
):
    client.force_login(staff)
    url = reverse("wagtailsnippets_tariffs_tariff:delete", args=[tariff_in_use.pk])

    response = client.post(url, follow=True)

    assert Tariff.objects.filter(pk=tariff_in_use.pk).exists()
    assert "не можна видалити" in response.content.decode()


def test_an_unused_tariff_can_be_deleted(client, staff, water_tariffs):
    client.force_login(staff)
    tariff = water_tariffs["sewerage"]
    url = reverse("wagtailsnippets_tariffs_tariff:delete", args=[tariff.pk])

    client.post(url)

    assert not Tariff.objects.filter(pk=tariff.pk).exists()
