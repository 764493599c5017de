"""Charges kept one month to a partition: made ahead, made by an import for
its months, and never a charge refused or lost on the way."""

import logging
from datetime import date
from decimal import Decimal
from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from plugins.billing import partitions, services
from plugins.billing.models import Charge, ChargeDispute
from plugins.billing.months import next_month
from tests.billing.conftest import export_file, export_row, make_charge

pytestmark = pytest.mark.django_db

OLD_MONTH = date(2019, 3, 1)


def table_of(charge):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM billing_charge WHERE id = %s",
            [charge.pk],
        )
        return cursor.fetchone()[0]


def months_made():
    with connection.cursor() as cursor:
        return partitions.existing_months(cursor)


def test_this_month_and_the_next_twelve_have_partitions():
    this_month = timezone.localdate().replace(day=1)

    made = months_made()

    assert this_month in made
    assert len([month for month in made if month >= this_month]) >= 13


def test_a_charge_of_a_month_without_a_partition_is_kept_by_default(
    billed_dwelling, services
):
    account = billed_dwelling.accounts.get()

    charge = make_charge(account, services["water_supply"], OLD_MONTH, charged="12.34")

    assert table_of(charge) == partitions.DEFAULT


def test_making_a_month_moves_its_charges_out_of_the_default(billed_dwelling, services):
    account = billed_dwelling.accounts.get()
    charge = make_charge(account, services["water_supply"], OLD_MONTH, charged="12.34")

    made = partitions.ensure_months([OLD_MONTH])

    assert made == [OLD_MONTH]
    assert table_of(charge) == "billing_charge_2019_03"
    moved = Charge.objects.get(pk=charge.pk)
    assert (moved.account_id, moved.charged) == (account.pk, Decimal("12.34"))
    assert partitions.ensure_months([OLD_MONTH]) == []


def test_an_import_makes_the_partition_of_its_month(water_provider):
    data = export_file([export_row(period="2018-07")])

    report = services.import_billing_export(water_provider, data, "pvk-2018-07.csv")

    assert not report.rejected
    (charge,) = Charge.objects.filter(period=date(2018, 7, 1))
    assert table_of(charge) == "billing_charge_2018_07"


def test_a_busy_charge_table_leaves_the_month_to_the_default(caplog):
    """An import does not queue behind a lock: the month waits for later."""
    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"],
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"],
        autocommit=False,
    )
    try:
        other.execute("LOCK TABLE billing_charge IN SHARE MODE")
        with caplog.at_level(logging.WARNING, logger="plugins.billing.partitions"):
            made = partitions.ensure_months([OLD_MONTH], wait="100ms")
    finally:
        other.close()

    assert made == []
    assert OLD_MONTH not in months_made()
    assert "2019-03 not made" in caplog.text


def test_the_monthly_command_prepares_ahead_and_empties_the_default(
    billed_dwelling, services
):
    account = billed_dwelling.accounts.get()
    waiting = make_charge(account, services["sewerage"], OLD_MONTH, charged="12.34")
    far = timezone.localdate().replace(day=1)
    for _ in range(14):
        far = next_month(far)
    out = StringIO()

    call_command("charge_partitions", "--ahead", "14", stdout=out)

    assert f"{far:%Y-%m}: partition made" in out.getvalue()
    assert "2019-03: partition made" in out.getvalue()
    assert table_of(waiting) == "billing_charge_2019_03"
    with connection.cursor() as cursor:
        assert partitions.months_in_default(cursor) == set()


def test_a_deleted_charge_lets_go_of_its_dispute(billed_dwelling, resident):
    charge = billed_dwelling.accounts.get().charges.latest("period")
    dispute = ChargeDispute.objects.create(charge=charge, author=resident, text="?")

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM billing_charge WHERE id = %s", [charge.pk])

    dispute.refresh_from_db()
    assert dispute.charge_id is None
    assert dispute.subject.endswith(f"{charge.period:%Y-%m}")
