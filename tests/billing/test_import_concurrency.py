"""Two providers loading files that name the same new dwelling at the same time."""

import threading
import time

import pytest
from django.db import connection, connections

from cms.directory.models import Provider
from plugins.billing import services
from plugins.billing.importing import merging
from plugins.billing.models import Dwelling, PersonalAccount
from tests.billing.conftest import export_file, export_row


@pytest.fixture
def waste_provider(services):
    provider = Provider.objects.create(
        code="VPV",
        name="Комунальне підприємство «Вивезення відходів»",
        short_name="КП «Вивезення відходів»",
        edrpou="99990026",
        iban="UA213223130000026007233566002",
    )
    provider.services.set([services["solid_waste_removal"]])
    return provider


def waiting_for_a_lock():
    """Whether another connection to the test database waits for a lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_two_providers_create_the_same_dwelling_at_once(
    water_provider, waste_provider, monkeypatch
):
    water = export_file([export_row()])
    waste = export_file(
        [
            export_row(
                account="W-77",
                service="solid_waste_removal",
                price="5,00",
                volume="2",
                unit="особа",
                charged="10,00",
                opening_balance="0",
                paid="0",
                closing_balance="10,00",
            )
        ]
    )

    # The water import stops after writing its dwellings, before it commits.
    written, go_on = threading.Event(), threading.Event()
    merge_accounts = merging.merge_accounts

    def pausing(cursor, provider):
        if provider.pk == water_provider.pk:
            written.set()
            go_on.wait(10)
        return merge_accounts(cursor, provider)

    monkeypatch.setattr(merging, "merge_accounts", pausing)
    reports, failures = {}, []

    def run(name, provider, data):
        try:
            reports[name] = services.import_billing_export(provider, data, name)
        except Exception as error:  # the test reports it below
            failures.append(error)
        finally:
            connections.close_all()

    water_thread = threading.Thread(target=run, args=("water", water_provider, water))
    waste_thread = threading.Thread(target=run, args=("waste", waste_provider, waste))
    water_thread.start()
    assert written.wait(10)
    waste_thread.start()

    # The waste import must now wait for the water import's dwelling.
    deadline = time.monotonic() + 10
    while not waiting_for_a_lock() and time.monotonic() < deadline:
        time.sleep(0.02)
    go_on.set()
    water_thread.join(20)
    waste_thread.join(20)

    assert failures == []
    assert not reports["water"].rejected and not reports["waste"].rejected
    assert Dwelling.objects.count() == 1
    assert PersonalAccount.objects.filter(dwelling=Dwelling.objects.get()).count() == 2
    assert reports["water"].result.dwellings_created == 1
    assert reports["waste"].result.dwellings_created == 0
