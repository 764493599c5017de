"""The admin's meters: provider staff keep their own provider's meters."""

import pytest
from django.urls import reverse

from cms.directory.models import Provider
from plugins.billing.models import Meter, PersonalAccount, ProviderStaff
from tests.billing.conftest import admin_user

pytestmark = pytest.mark.django_db

INDEX = reverse("meters:index")
ADD = reverse("meters:add")


@pytest.fixture
def water_meter(billed_dwelling, services):
    return Meter.objects.create(
        account=billed_dwelling.accounts.get(),
        service=services["water_supply"],
        serial_number="W-0001",
    )


@pytest.fixture
def heat_meter(billed_dwelling, services):
    heat = Provider.objects.create(
        code="TEPLO", name="Тепломережа", short_name="Тепломережа", edrpou="99990026"
    )
    heat.services.set([services["central_heating"]])
    account = PersonalAccount.objects.create(
        dwelling=billed_dwelling,
        provider=heat,
        number="T-77",
        access_code="1",
        payer_name="Х",
    )
    return Meter.objects.create(
        account=account, service=services["central_heating"], serial_number="H-0001"
    )


@pytest.fixture
def water_staff(django_user_model, water_provider):
    user = admin_user(
        django_user_model,
        "meters",
        "view_meter",
        "add_meter",
        "change_meter",
        "delete_meter",
    )
    ProviderStaff.objects.create(user=user, provider=water_provider)
    return user


def test_staff_see_only_their_providers_meters(
    client, water_staff, water_meter, heat_meter
):
    client.force_login(water_staff)

    page = client.get(INDEX).content.decode()

    assert "W-0001" in page and "вул. Соборна" in page
    assert "H-0001" not in page
    edit_other = reverse("meters:edit", args=[heat_meter.pk])
    assert client.get(edit_other).status_code == 404
    assert (
        client.post(reverse("meters:delete", args=[heat_meter.pk])).status_code == 404
    )
    assert Meter.objects.filter(pk=heat_meter.pk).exists()


def test_staff_register_a_meter_by_the_account_number(
    client, water_staff, billed_dwelling, water_provider, services
):
    client.force_login(water_staff)

    response = client.post(
        ADD,
        {
            "provider": water_provider.pk,
            "account_number": "100234",
            "service": services["sewerage"].pk,
            "serial_number": "S-42",
            "installed_on": "2026-03-01",
        },
    )

    assert response.status_code == 302
    meter = Meter.objects.get(serial_number="S-42")
    assert meter.account.dwelling == billed_dwelling
    assert str(meter.installed_on) == "2026-03-01"


def test_an_unknown_account_or_a_service_not_provided_is_named(
    client, water_staff, water_provider, services, billed_dwelling
):
    client.force_login(water_staff)
    form = {"provider": water_provider.pk, "serial_number": "X-1"}

    unknown = client.post(
        ADD, {**form, "account_number": "999", "service": services["water_supply"].pk}
    )
    heating = client.post(
        ADD,
        {**form, "account_number": "100234", "service": services["central_heating"].pk},
    )

    assert unknown.context["form"].errors["account_number"] == [
        "КП «Водоканал» не має особового рахунку 999."
    ]
    assert heating.context["form"].errors["service"] == [
        "КП «Водоканал» не надає цієї послуги."
    ]
    assert not Meter.objects.filter(serial_number="X-1").exists()


def test_a_provider_of_another_staff_cannot_be_chosen(
    client, water_staff, heat_meter, services
):
    client.force_login(water_staff)

    response = client.post(
        ADD,
        {
            "provider": heat_meter.account.provider_id,
            "account_number": "T-77",
            "service": services["central_heating"].pk,
            "serial_number": "H-2",
        },
    )

    assert "provider" in response.context["form"].errors
    assert not Meter.objects.filter(serial_number="H-2").exists()


def test_without_the_permission_the_list_is_refused(
    client, django_user_model, water_meter
):
    editor = admin_user(django_user_model, "editor")
    client.force_login(editor)

    assert client.get(INDEX)["Location"] == "/admin/"
