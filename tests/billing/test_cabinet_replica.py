"""The cabinet on a read replica: which database each kind of request reads.

The "replica" alias of the test settings is a second connection to the test
database (a test mirror); these tests install the router and the middleware
that DATABASE_REPLICA_URL would. Where a page must find its rows on the
replica, the test commits them (a transactional test), so both connections
see them; where the replica must lag, the test holds its writes in a
transaction the replica's connection cannot see. Tests that only show the
replica is left alone roll back as usual.
"""

from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from wagtail.models import Site

from cms.database import REPLICA_ROUTER, with_replica_middleware
from cms.home.models import SiteContacts
from cms.tariffs.models import ConsumptionNorm
from plugins.billing.models import Dwelling, Meter, MeterReading, PersonalAccount
from plugins.notifications.models import Notice
from plugins.notifications.tasks import send_notice_email

pytestmark = pytest.mark.django_db(databases=["default", "replica"])

# For tests whose pages must find their rows on the replica: committed, at the
# price of emptying the database after the test.
committed = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

RECENT_WRITE_COOKIE = "portal_wrote"


@pytest.fixture(autouse=True)
def replica_routing(settings):
    """What DATABASE_REPLICA_URL installs, for these tests only."""
    settings.DATABASE_ROUTERS = [REPLICA_ROUTER]
    settings.MIDDLEWARE = with_replica_middleware(django_settings.MIDDLEWARE)


@pytest.fixture(autouse=True)
def site_settings(db):
    """The sites' contact settings, which the first page a site serves would
    otherwise create: a write, after which that visitor reads the primary."""
    for site in Site.objects.all():
        SiteContacts.for_site(site)


@pytest.fixture
def water_meter(billed_dwelling, services):
    norm = ConsumptionNorm.objects.create(
        service=services["water_supply"],
        category="кран у квартирі",
        code="tap",
        value=Decimal("3.500"),
        unit="м³ на особу на місяць",
    )
    billed_dwelling.water_norm = norm
    billed_dwelling.has_water_meter = True
    billed_dwelling.save()
    meter = Meter.objects.create(
        account=billed_dwelling.accounts.get(),
        service=services["water_supply"],
        serial_number="W-0001",
    )
    MeterReading.objects.create(
        meter=meter,
        value=Decimal("100.000"),
        taken_on=timezone.localdate() - timedelta(days=30),
    )
    return meter


@contextmanager
def queries():
    """The statements each database ran inside the block."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        yield primary, replica


def statements(captured):
    return [query["sql"] for query in captured.captured_queries]


def reads(captured):
    return [sql for sql in statements(captured) if sql.startswith("SELECT")]


def page_reads(captured):
    """Reads other than two that stay on the primary: the signed-in user's own
    row, which middleware before the view (the kiosk's, the forum's) loads
    before the request is known to be the cabinet's, and the site's contact
    settings, which Wagtail looks up with get_or_create, a write's query."""
    return [
        sql
        for sql in reads(captured)
        if 'FROM "users_user" WHERE' not in sql
        and 'FROM "home_sitecontacts" WHERE' not in sql
    ]


def readings_url(dwelling):
    return reverse("billing:readings", kwargs={"pk": dwelling.pk})


def post_reading(client, meter, value):
    return client.post(
        readings_url(meter.account.dwelling),
        {
            "meter": meter.pk,
            "value": value,
            "taken_on": timezone.localdate().isoformat(),
        },
    )


# Resident's read-only cabinet pages


@pytest.mark.parametrize("method", ["get", "head"])
@committed
def test_cabinet_pages_read_the_replica(client, resident, billed_dwelling, method):
    client.force_login(resident)
    urls = [
        reverse("billing:cabinet"),
        reverse("billing:dwelling", kwargs={"pk": billed_dwelling.pk}),
        reverse("billing:bill_print", args=[billed_dwelling.pk, "2026-11"]),
        readings_url(billed_dwelling),
        reverse("billing:payments", kwargs={"pk": billed_dwelling.pk}),
    ]

    with queries() as (primary, replica):
        responses = [getattr(client, method)(url) for url in urls]

    assert [response.status_code for response in responses] == [200] * len(urls)
    assert len(reads(replica)) > 4 * len(urls)
    assert page_reads(primary) == []


@committed
def test_opening_a_dwelling_logs_it_on_the_primary_and_stays_on_the_replica(
    client, resident, billed_dwelling
):
    client.force_login(resident)
    url = reverse("billing:dwelling", kwargs={"pk": billed_dwelling.pk})

    with queries() as (primary, replica):
        response = client.get(url)

    # The access log's entry is the portal's record of a read, not a change
    # of the resident's: the page keeps reading the replica, and so does the
    # next one.
    assert response.status_code == 200
    assert [
        sql.split(" (")[0] for sql in statements(primary) if sql not in reads(primary)
    ] == ['INSERT INTO "billing_accesslogentry"']
    assert page_reads(primary) == []
    assert RECENT_WRITE_COOKIE not in response.cookies
    assert billed_dwelling.access_log.count() == 1
    assert any("billing_charge" in sql for sql in reads(replica))


# Writes, forms, other pages


def test_a_post_reads_the_primary_and_marks_the_resident(client, resident, water_meter):
    client.force_login(resident)

    with queries() as (primary, replica):
        response = post_reading(client, water_meter, "104,5")

    assert response.status_code == 302
    assert statements(replica) == []
    assert reads(primary)
    assert response.cookies[RECENT_WRITE_COOKIE]["max-age"] == 10
    assert response.cookies[RECENT_WRITE_COOKIE]["httponly"]


@committed
def test_a_post_that_writes_nothing_leaves_the_resident_on_the_replica(
    client, resident, water_meter
):
    client.force_login(resident)

    refused = post_reading(client, water_meter, "1")
    with queries() as (primary, replica):
        page = client.get(readings_url(water_meter.account.dwelling))

    assert refused.status_code == 200
    assert RECENT_WRITE_COOKIE not in refused.cookies
    assert page.status_code == 200
    assert reads(replica)
    assert page_reads(primary) == []


def test_forms_and_pages_not_marked_for_the_replica_read_the_primary(
    client, resident, billed_dwelling
):
    client.force_login(resident)
    urls = [
        reverse("billing:link_dwelling"),
        reverse("billing:dwelling_access", kwargs={"pk": billed_dwelling.pk}),
        reverse("notifications:index"),
    ]

    with queries() as (primary, replica):
        responses = [client.get(url) for url in urls]

    assert [response.status_code for response in responses] == [200] * len(urls)
    assert statements(replica) == []
    assert reads(primary)


def test_the_admin_reads_the_primary(client, django_user_model):
    officer = django_user_model.objects.create_superuser(
        username="officer", email="officer@example.org", password="secret-pass-3"
    )
    client.force_login(officer)

    with queries() as (primary, replica):
        response = client.get(reverse("wagtailusers_users:index"))

    assert response.status_code == 200
    assert statements(replica) == []
    assert reads(primary)


# Read-your-writes across requests


@committed
def test_after_a_write_the_resident_reads_the_primary_for_the_lag_window(
    client, resident, water_meter
):
    client.force_login(resident)
    page = readings_url(water_meter.account.dwelling)

    with freeze_time(timezone.now()) as clock:
        post_reading(client, water_meter, "104,5")

        clock.tick(timedelta(seconds=9))
        with queries() as (primary_within, replica_within):
            within = client.get(page)

        clock.tick(timedelta(seconds=2))
        with queries() as (primary_after, replica_after):
            after = client.get(page)

    assert within.status_code == after.status_code == 200
    assert statements(replica_within) == []
    assert reads(primary_within)
    assert reads(replica_after)
    assert page_reads(primary_after) == []


def test_the_window_follows_the_setting(client, resident, water_meter, settings):
    settings.REPLICA_LAG_SECONDS = 30
    client.force_login(resident)
    page = readings_url(water_meter.account.dwelling)

    with freeze_time(timezone.now()) as clock:
        response = post_reading(client, water_meter, "104,5")
        clock.tick(timedelta(seconds=25))
        with queries() as (_primary, replica):
            client.get(page)

    assert response.cookies[RECENT_WRITE_COOKIE]["max-age"] == 30
    assert statements(replica) == []


@committed
def test_a_forged_mark_is_ignored(client, resident, water_meter):
    client.force_login(resident)
    client.cookies[RECENT_WRITE_COOKIE] = "1"

    with queries() as (primary, replica):
        client.get(readings_url(water_meter.account.dwelling))

    assert reads(replica)
    assert page_reads(primary) == []


@committed
def test_the_resident_sees_their_reading_while_the_replica_lags(
    client, resident, water_meter
):
    client.force_login(resident)
    page = readings_url(water_meter.account.dwelling)

    # The replica's connection does not see what this transaction writes
    # until it commits: a replica that has not yet received the reading.
    with freeze_time(timezone.now()) as clock, transaction.atomic():
        submitted = post_reading(client, water_meter, "104,5")
        lagging = MeterReading.objects.using("replica").filter(meter=water_meter)
        replica_has_it = lagging.filter(value=Decimal("104.500")).exists()
        shown = client.get(page)

        clock.tick(timedelta(seconds=11))
        shown_from_replica = client.get(page)
        transaction.set_rollback(True)

    # The history's row, not the message that confirms the submission.
    row = '<td class="num">104,5 м³</td>'
    assert submitted.status_code == 302
    assert not replica_has_it
    assert shown.status_code == 200
    assert row in shown.content.decode()
    # Once the window is over the page reads the replica, which still lags.
    assert shown_from_replica.status_code == 200
    assert row not in shown_from_replica.content.decode()
    assert '<td class="num">100 м³</td>' in shown_from_replica.content.decode()


# Outside the residents' requests


def test_commands_read_the_primary(water_provider, water_meter, capsys):
    with queries() as (primary, replica):
        call_command(
            "export_readings",
            "--provider",
            water_provider.code,
            "--month",
            f"{timezone.localdate():%Y-%m}",
        )

    assert statements(replica) == []
    assert reads(primary)


def test_tasks_read_the_primary(resident, mailoutbox):
    notice = Notice.objects.create(
        recipient=resident, subject="Заявку отримано", body="Ваша заявка в роботі."
    )

    with queries() as (primary, replica):
        result = send_notice_email.enqueue(notice.pk)

    assert result.return_value is True
    assert len(mailoutbox) == 1
    assert statements(replica) == []
    assert reads(primary)


@committed
def test_rows_read_from_the_replica_relate_to_rows_on_the_primary(
    billed_dwelling, services, neighbour
):
    dwelling = Dwelling.objects.using("replica").get(pk=billed_dwelling.pk)
    account = PersonalAccount.objects.using("replica").get(dwelling=dwelling)

    meter = Meter.objects.create(
        account=account, service=services["sewerage"], serial_number="S-1"
    )
    dwelling.residents.add(neighbour)

    assert meter._state.db == "default"
    assert Meter.objects.get(pk=meter.pk).account_id == account.pk
    assert billed_dwelling.residents.filter(pk=neighbour.pk).exists()
