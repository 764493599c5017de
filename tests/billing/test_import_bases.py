"""What an imported charge's volume rests on, as the cabinet says it next to
the volume: the meter, the norm, the area or the registered persons."""

import pytest

from cms.directory.models import Provider
from plugins.billing import services as billing
from plugins.billing.models import Charge, Meter, PersonalAccount
from tests.billing.conftest import export_file, export_row

pytestmark = pytest.mark.django_db


def import_rows(provider, rows):
    report = billing.import_billing_export(provider, export_file(rows), "export")
    assert not report.rejected, [str(error) for error in report.errors]
    return report


def basis(number, service):
    return Charge.objects.get(
        account__number=number, service__code=service
    ).volume_basis


def water_rows(number="100234", apartment="5"):
    return [
        export_row(account=number, apartment=apartment),
        export_row(
            account=number,
            apartment=apartment,
            service="sewerage",
            opening_balance="45,60",
            price="11,40",
            charged="68,40",
            paid="45,60",
            closing_balance="68,40",
        ),
    ]


def test_water_of_a_flat_without_a_meter_is_by_the_norm(water_provider):
    import_rows(water_provider, water_rows())

    assert basis("100234", "water_supply") == "norm"
    assert basis("100234", "sewerage") == "norm"


def test_water_of_a_flat_with_a_meter_is_by_the_meter(water_provider, services):
    import_rows(water_provider, water_rows())
    Meter.objects.create(
        account=PersonalAccount.objects.get(number="100234"),
        service=services["water_supply"],
        serial_number="W-1",
    )
    corrected = [
        {**row, "paid": "0,00", "closing_balance": row["charged"]}
        for row in (
            {**water_rows()[0], "opening_balance": "0,00"},
            {**water_rows()[1], "opening_balance": "0,00"},
        )
    ]

    import_rows(water_provider, corrected)

    assert basis("100234", "water_supply") == "meter"
    assert basis("100234", "sewerage") == "meter"


def test_a_neighbours_meter_changes_nothing(water_provider, services):
    import_rows(water_provider, water_rows() + water_rows("100235", "6"))
    Meter.objects.create(
        account=PersonalAccount.objects.get(number="100235"),
        service=services["water_supply"],
        serial_number="W-2",
    )
    Charge.objects.all().delete()

    import_rows(water_provider, water_rows() + water_rows("100235", "6"))

    assert basis("100234", "water_supply") == "norm"
    assert basis("100235", "water_supply") == "meter"


@pytest.fixture
def housing_provider(services):
    provider = Provider.objects.create(
        code="PZHS", name="КП «Житлосервіс»", short_name="КП «ЖС»"
    )
    provider.services.set(
        [
            services["building_maintenance"],
            services["solid_waste_removal"],
            services["central_heating"],
        ]
    )
    return provider


def other_service(service, unit, volume, price, charged):
    return export_row(
        account="300001",
        service=service,
        unit=unit,
        volume=volume,
        price=price,
        charged=charged,
        opening_balance="0,00",
        paid="0,00",
        closing_balance=charged,
    )


def test_area_persons_and_heat_follow_the_unit(housing_provider):
    import_rows(
        housing_provider,
        [
            other_service("building_maintenance", "м²", "52,40", "8,50", "445,40"),
            other_service("solid_waste_removal", "особа", "2", "45,00", "90,00"),
            other_service("central_heating", "Гкал", "1,200", "1654,00", "1984,80"),
        ],
    )

    assert basis("300001", "building_maintenance") == "area"
    assert basis("300001", "solid_waste_removal") == "persons"
    assert basis("300001", "central_heating") == "meter"


def test_the_service_page_says_what_the_volume_rests_on(
    client, resident, water_provider
):
    import_rows(water_provider, water_rows())
    account = PersonalAccount.objects.get(number="100234")
    account.dwelling.residents.add(resident)
    client.force_login(resident)

    page = client.get(
        f"/cabinet/dwellings/{account.dwelling_id}/services/{account.pk}/water_supply/"
    )

    assert "за нормою" in page.text
    assert "за лічильником" not in page.text
