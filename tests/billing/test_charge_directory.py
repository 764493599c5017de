"""The services and tariffs a charge names stay in the directory, although the
charge table holds no foreign key to them."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from cms.directory.models import Service
from plugins.billing import services as billing
from plugins.billing.importing import merging

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(water_provider, good_export):
    report = billing.import_billing_export(water_provider, good_export, "pvk.csv")
    assert not report.rejected, report.errors
    return report


def test_django_refuses_to_delete_a_service_a_charge_names(imported, services):
    with pytest.raises(ProtectedError):
        services["water_supply"].delete()


def test_the_database_refuses_to_delete_a_service_a_charge_names(imported, services):
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "DELETE FROM directory_service WHERE id = %s",
            [services["water_supply"].pk],
        )

    assert Service.objects.filter(pk=services["water_supply"].pk).exists()


def test_a_service_no_charge_names_may_be_deleted(imported):
    unused = Service.objects.create(code="gas_supply", name="Газопостачання")

    unused.delete()

    assert not Service.objects.filter(code="gas_supply").exists()


def test_an_import_fails_when_a_planned_service_is_gone(services):
    # A plan naming a service that no longer exists, as a delete committed
    # between planning and locking would leave it.
    missing = Service.objects.order_by("-pk").first().pk + 1
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE {merging.PRICES} AS "
            "SELECT %s::integer AS service_id, NULL::integer AS tariff_id",
            [missing],
        )
        try:
            with pytest.raises(merging.DirectoryChangedError):
                merging.lock_directory(cursor)
        finally:
            cursor.execute(f"DROP TABLE {merging.PRICES}")
