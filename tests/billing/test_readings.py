"""Meter readings: the resident submits them on the dwelling's readings page, the
plausibility rule, correcting one's own latest reading, the history, and the
provider's monthly CSV export."""

import logging
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from cms.tariffs.models import ConsumptionNorm
from plugins.billing import readings
from plugins.billing.downloads import CHUNK_ROWS
from plugins.billing.models import (
    AccessLevel,
    DwellingAccess,
    Meter,
    MeterReading,
    ProviderStaff,
    ReadingSource,
)

TODAY = date(2026, 11, 20)


@pytest.fixture
def water_norm(services):
    """3.5 m³ a person a month: the limit for two persons is 70 m³ a month."""
    return ConsumptionNorm.objects.create(
        service=services["water_supply"],
        category="кран у квартирі",
        code="tap",
        value=Decimal("3.500"),
        unit="м³ на особу на місяць",
    )


@pytest.fixture
def water_meter(billed_dwelling, water_norm, services):
    billed_dwelling.water_norm = water_norm
    billed_dwelling.has_water_meter = True
    billed_dwelling.save()
    return Meter.objects.create(
        account=billed_dwelling.accounts.get(),
        service=services["water_supply"],
        serial_number="W-0001",
    )


@pytest.fixture
def heat_meter(billed_dwelling, services):
    return Meter.objects.create(
        account=billed_dwelling.accounts.get(),
        service=services["central_heating"],
        serial_number="H-0001",
    )


def add_reading(meter, value, taken_on, source=ReadingSource.PROVIDER):
    return MeterReading.objects.create(
        meter=meter, value=Decimal(value), taken_on=taken_on, source=source
    )


def readings_url(dwelling):
    return reverse("billing:readings", kwargs={"pk": dwelling.pk})


def post_reading(client, meter, value, taken_on):
    return client.post(
        readings_url(meter.account.dwelling),
        {"meter": meter.pk, "value": value, "taken_on": taken_on.isoformat()},
    )


def refusal_of(response):
    return " ".join(str(error) for error in response.context["form"].non_field_errors())


# The resident's page


def test_submit_records_the_reading(client, resident, water_meter):
    today = timezone.localdate()
    add_reading(water_meter, "100.000", today - timedelta(days=30))
    client.force_login(resident)

    response = post_reading(client, water_meter, "112,5", today)

    assert response.status_code == 302
    reading = water_meter.readings.get(taken_on=today)
    assert reading.value == Decimal("112.500")
    assert reading.submitted_by == resident
    assert reading.source == ReadingSource.RESIDENT


def test_reading_below_the_previous_is_refused(client, resident, water_meter):
    today = timezone.localdate()
    add_reading(water_meter, "100.000", today - timedelta(days=30))
    client.force_login(resident)

    response = post_reading(client, water_meter, "99,5", today)

    assert response.status_code == 200
    refusal = refusal_of(response)
    assert "99,5" in refusal
    assert "100" in refusal
    assert water_meter.readings.count() == 1


def test_implausibly_high_reading_is_refused(client, resident, water_meter):
    today = timezone.localdate()
    add_reading(water_meter, "100.000", today - timedelta(days=30))
    client.force_login(resident)

    response = post_reading(client, water_meter, "1100", today)

    refusal = refusal_of(response)
    # Thousands are grouped with a no-break space, as everywhere in the portal.
    assert "1\xa0100" in refusal and "70 м³" in refusal and "1\xa0000" in refusal
    assert water_meter.readings.count() == 1


def test_future_date_is_refused(client, resident, water_meter):
    client.force_login(resident)
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = post_reading(client, water_meter, "5", tomorrow)

    assert tomorrow.strftime("%d.%m.%Y") in refusal_of(response)
    assert not water_meter.readings.exists()


def test_another_resident_gets_404(client, neighbour, water_meter):
    client.force_login(neighbour)

    assert client.get(readings_url(water_meter.account.dwelling)).status_code == 404
    response = post_reading(client, water_meter, "5", timezone.localdate())

    assert response.status_code == 404
    assert not water_meter.readings.exists()


def test_neighbours_meter_cannot_be_chosen(
    client, resident, water_meter, neighbours_dwelling, services
):
    theirs = Meter.objects.create(
        account=neighbours_dwelling.accounts.get(),
        service=services["water_supply"],
        serial_number="W-0002",
    )
    client.force_login(resident)

    client.post(
        readings_url(water_meter.account.dwelling),
        {
            "meter": theirs.pk,
            "value": "5",
            "taken_on": timezone.localdate().isoformat(),
        },
    )

    assert not theirs.readings.exists()


def test_form_offers_today_in_the_date_input(client, resident, water_meter):
    client.force_login(resident)

    response = client.get(readings_url(water_meter.account.dwelling))

    assert f'value="{timezone.localdate().isoformat()}"' in response.content.decode()


def test_anonymous_is_sent_to_login(client, water_meter):
    url = readings_url(water_meter.account.dwelling)

    response = client.get(url)

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_history_shows_consumption_latest_first(
    client, resident, water_meter, heat_meter
):
    add_reading(water_meter, "100.000", date(2026, 9, 20))
    add_reading(water_meter, "107.250", date(2026, 10, 20))
    add_reading(heat_meter, "2.500", date(2026, 10, 25))
    client.force_login(resident)

    response = client.get(readings_url(water_meter.account.dwelling))

    rows = response.context["history"]
    assert [row.reading.taken_on for row in rows] == [
        date(2026, 10, 25),
        date(2026, 10, 20),
        date(2026, 9, 20),
    ]
    assert [row.consumption for row in rows] == [None, Decimal("7.250"), None]
    assert "7,25 м³" in response.content.decode()


def test_dwelling_page_links_to_readings(client, resident, water_meter):
    client.force_login(resident)

    response = client.get(
        reverse("billing:dwelling", kwargs={"pk": water_meter.account.dwelling_id})
    )

    assert readings_url(water_meter.account.dwelling) in response.content.decode()


def test_readings_page_queries_do_not_grow_with_history(
    client, resident, water_meter, heat_meter
):
    client.force_login(resident)
    url = readings_url(water_meter.account.dwelling)
    add_reading(water_meter, "1", date(2025, 1, 1))
    client.get(url)

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for month in range(1, 12):
        add_reading(water_meter, str(month + 1), date(2025, month + 1, 1))
        add_reading(heat_meter, str(month), date(2025, month + 1, 2))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(response.context["history"]) == 23
    assert len(many) == len(few)


# The plausibility rule


def test_limit_follows_the_norm_persons_and_days(water_meter):
    earlier = date(2026, 9, 1)

    one_month = readings.consumption_limit(water_meter, earlier, date(2026, 10, 1))
    a_day_more = readings.consumption_limit(water_meter, earlier, date(2026, 10, 2))
    ten_days = readings.consumption_limit(water_meter, earlier, date(2026, 9, 11))

    # 10 × 3,5 m³ × 2 persons = 70 m³ for 30 days; 31 days give 70 × 31 / 30.
    assert one_month == Decimal("70")
    assert a_day_more == Decimal("72.333")
    assert ten_days == Decimal("23.333")


def test_readings_a_day_apart_are_allowed_three_days_worth(water_meter):
    earlier = date(2026, 12, 3)

    same_floor = [
        readings.consumption_limit(water_meter, earlier, earlier + timedelta(days))
        for days in (1, 2, 3)
    ]

    assert same_floor == [Decimal("7")] * 3
    assert readings.consumption_limit(
        water_meter, earlier, earlier + timedelta(4)
    ) == Decimal("9.333")


def test_limit_without_a_norm_is_the_service_cap_for_the_days(heat_meter):
    limit = readings.consumption_limit(heat_meter, date(2026, 10, 1), date(2026, 10, 5))
    month = readings.consumption_limit(
        heat_meter, date(2026, 10, 1), date(2026, 10, 31)
    )

    # 8 Gcal a month: 4 days are 8 × 4 / 30 = 1,0666…, stated to the thousandth.
    assert limit == Decimal("1.066")
    assert month == readings.MONTHLY_CAPS["central_heating"]


def test_a_months_worth_a_day_later_is_refused_with_the_figures(
    client, resident, water_meter
):
    # What the tester sent: 60,75 m³ in one day was accepted as plausible.
    add_reading(water_meter, "199.250", date(2025, 12, 3), ReadingSource.RESIDENT)
    client.force_login(resident)

    response = post_reading(client, water_meter, "260", date(2025, 12, 4))

    assert response.status_code == 200
    assert refusal_of(response) == (
        "Показник 260 м³ означав би споживання 60,75 м³ від попереднього "
        "показника 199,25 м³ від 03.12.2025 — більше за правдоподібні 7 м³. "
        "Перевірте цифри або зателефонуйте надавачу."
    )
    assert water_meter.readings.count() == 1


def test_an_ordinary_day_after_the_previous_reading_is_accepted(
    client, resident, water_meter
):
    add_reading(water_meter, "199.250", date(2025, 12, 3), ReadingSource.RESIDENT)
    client.force_login(resident)

    response = post_reading(client, water_meter, "199,9", date(2025, 12, 4))

    assert response.status_code == 302
    assert water_meter.readings.latest("taken_on").value == Decimal("199.900")


@pytest.mark.parametrize(("value", "accepted"), [("170.000", True), ("170.001", False)])
def test_limit_is_inclusive(water_meter, resident, value, accepted):
    add_reading(water_meter, "100.000", date(2026, 10, 21))

    def submit():
        readings.submit_reading(resident, water_meter, Decimal(value), TODAY, TODAY)

    if accepted:
        submit()
    else:
        with pytest.raises(readings.ReadingRefusedError):
            submit()


def test_same_day_and_today_edges(water_meter, resident):
    add_reading(water_meter, "100.000", TODAY - timedelta(days=1))

    with pytest.raises(readings.ReadingRefusedError):
        readings.submit_reading(
            resident, water_meter, Decimal("101"), TODAY - timedelta(days=1), TODAY
        )
    readings.submit_reading(resident, water_meter, Decimal("100"), TODAY, TODAY)


def test_only_residents_submit(water_meter, neighbour):
    with pytest.raises(PermissionDenied):
        readings.submit_reading(neighbour, water_meter, Decimal("1"), TODAY, TODAY)


# The provider's export


@pytest.fixture
def november_readings(water_meter, heat_meter):
    """Water read twice in November (the later counts) after October; heat once."""
    add_reading(water_meter, "100.000", date(2026, 10, 20))
    add_reading(water_meter, "104.000", date(2026, 11, 10), ReadingSource.RESIDENT)
    add_reading(water_meter, "107.255", date(2026, 11, 20), ReadingSource.RESIDENT)
    add_reading(heat_meter, "2.5", date(2026, 11, 25))
    add_reading(heat_meter, "3", date(2026, 12, 1))


def test_export_lists_the_latest_reading_of_each_meter(
    november_readings, water_provider
):
    lines = list(readings.export_readings(water_provider, date(2026, 11, 1)))

    assert "".join(lines).splitlines() == [
        "account;service;meter;taken_on;value;previous_taken_on;previous_value;"
        "consumption;source",
        "100234;water_supply;W-0001;2026-11-20;107,255;2026-11-10;104,000;3,255;"
        "resident",
        "100234;central_heating;H-0001;2026-11-25;2,500;;;;provider",
    ]


def test_export_command_writes_the_file(november_readings, water_provider, tmp_path):
    output = tmp_path / "readings.csv"

    call_command("export_readings", provider="PVK", month="2026-11", output=str(output))

    assert output.read_text(encoding="utf-8").count("\n") == 3


@pytest.fixture
def admin_user_without_export(django_user_model):
    user = django_user_model.objects.create_user(
        username="staff", email="staff@example.org", password="staff-pass-1"
    )
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def export_url(provider):
    return reverse("billing_readings_export") + f"?provider={provider.pk}&month=2026-11"


def test_export_screen_needs_the_permission(
    client, november_readings, water_provider, admin_user_without_export
):
    client.force_login(admin_user_without_export)

    response = client.get(export_url(water_provider))

    assert response.status_code in (302, 403)
    assert response.get("Content-Type", "") != "text/csv; charset=utf-8"
    with pytest.raises(PermissionDenied):
        readings.export_readings(
            water_provider, date(2026, 11, 1), admin_user_without_export
        )


def test_export_screen_downloads_the_csv(
    client, november_readings, water_provider, admin_user_without_export
):
    admin_user_without_export.user_permissions.add(
        Permission.objects.get(codename="export_meterreading")
    )
    ProviderStaff.objects.create(
        user=admin_user_without_export, provider=water_provider
    )
    client.force_login(admin_user_without_export)

    response = client.get(export_url(water_provider))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "readings-PVK-2026-11.csv" in response["Content-Disposition"]
    assert b"107,255" in b"".join(response.streaming_content)


def test_staff_of_another_provider_cannot_export_its_readings(
    client, november_readings, water_provider, admin_user_without_export
):
    from cms.directory.models import Provider

    heat = Provider.objects.create(
        code="TEPLO", name="Тепломережа", short_name="Тепломережа", edrpou="99990026"
    )
    admin_user_without_export.user_permissions.add(
        Permission.objects.get(codename="export_meterreading")
    )
    ProviderStaff.objects.create(user=admin_user_without_export, provider=heat)
    client.force_login(admin_user_without_export)

    response = client.get(export_url(water_provider))

    assert response.get("Content-Type", "") != "text/csv; charset=utf-8"
    assert "provider" in response.context["form"].errors


# Correcting one's own latest reading


def kyiv_today():
    return timezone.localdate()


def submit_in_english(client, meter, value, taken_on):
    """Post a reading on the English page (which reads a decimal point),
    following the redirect to the page with its message."""
    with translation.override("en"):
        url = readings_url(meter.account.dwelling)
    data = {"meter": meter.pk, "value": value, "taken_on": taken_on.isoformat()}
    return client.post(url, data, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def own_reading(resident, water_meter):
    """The provider's 100 m³ ten days ago, then Olena's 112,5 m³ today."""
    today = kyiv_today()
    add_reading(water_meter, "100.000", today - timedelta(days=10))
    return MeterReading.objects.create(
        meter=water_meter,
        value=Decimal("112.500"),
        taken_on=today,
        source=ReadingSource.RESIDENT,
        submitted_by=resident,
    )


def test_a_resident_corrects_their_own_latest_reading(
    client, resident, water_meter, own_reading, caplog
):
    client.force_login(resident)

    with caplog.at_level(logging.INFO, logger="plugins.billing.readings"):
        response = submit_in_english(client, water_meter, "102.5", own_reading.taken_on)

    day = own_reading.taken_on.strftime("%d.%m.%Y")
    assert messages_of(response) == [
        f"The reading of {day} is corrected: 112,5 → 102,5 (meter № W-0001)."
    ]
    own_reading.refresh_from_db()
    assert own_reading.value == Decimal("102.500")
    assert water_meter.readings.count() == 2
    assert [row.consumption for row in response.context["history"]] == [
        Decimal("2.500"),
        None,
    ]
    assert (
        f"reading {own_reading.pk} of meter {water_meter.pk} corrected by user "
        f"{resident.pk}" in caplog.text
    )


def test_the_page_tells_how_to_correct_a_typo(client, resident, water_meter):
    client.force_login(resident)

    with translation.override("en"):
        response = client.get(readings_url(water_meter.account.dwelling))

    assert "Submit it again with the same date" in response.content.decode()


def test_a_correction_below_the_reading_before_is_refused(
    client, resident, water_meter, own_reading
):
    client.force_login(resident)

    response = post_reading(client, water_meter, "99", own_reading.taken_on)

    before = (own_reading.taken_on - timedelta(days=10)).strftime("%d.%m.%Y")
    assert refusal_of(response) == (
        f"Показник 99 м³ менший за попередній 100 м³ від {before}. Перевірте цифри."
    )
    own_reading.refresh_from_db()
    assert own_reading.value == Decimal("112.500")


def test_a_correction_is_judged_by_the_days_since_the_reading_before(
    client, resident, water_meter, own_reading
):
    client.force_login(resident)

    # Ten days after 100 m³ the most plausible is 70 × 10 / 30 = 23,333 m³.
    refused = post_reading(client, water_meter, "123,334", own_reading.taken_on)
    accepted = post_reading(client, water_meter, "123,333", own_reading.taken_on)

    assert "23,333 м³" in refusal_of(refused)
    assert accepted.status_code == 302
    own_reading.refresh_from_db()
    assert own_reading.value == Decimal("123.333")


def test_a_provider_reading_is_not_corrected_by_a_resident(
    client, resident, water_meter
):
    today = kyiv_today()
    provider_reading = add_reading(water_meter, "100.000", today)
    client.force_login(resident)

    response = submit_in_english(client, water_meter, "101", today)

    assert refusal_of(response) == (
        f"The reading 100 m³ of {today:%d.%m.%Y} was recorded by the provider and "
        "cannot be corrected here. If it is wrong, call the provider."
    )
    provider_reading.refresh_from_db()
    assert provider_reading.value == Decimal("100.000")


def test_another_resident_of_the_dwelling_cannot_correct_it(
    client, django_user_model, water_meter, own_reading
):
    spouse = django_user_model.objects.create_user(username="ivan", password="x")
    water_meter.account.dwelling.residents.add(spouse)
    client.force_login(spouse)

    response = submit_in_english(client, water_meter, "102.5", own_reading.taken_on)

    assert refusal_of(response) == (
        f"The reading 112,5 m³ of {own_reading.taken_on:%d.%m.%Y} was submitted by "
        "another resident; only the one who submitted it can correct it."
    )
    own_reading.refresh_from_db()
    assert own_reading.value == Decimal("112.500")


def test_a_delegate_or_a_neighbour_cannot_correct_it(
    client, neighbour, water_meter, own_reading
):
    client.force_login(neighbour)
    as_stranger = post_reading(client, water_meter, "102,5", own_reading.taken_on)
    DwellingAccess.objects.create(
        dwelling=water_meter.account.dwelling, user=neighbour, level=AccessLevel.VIEW
    )
    as_delegate = post_reading(client, water_meter, "102,5", own_reading.taken_on)

    assert (as_stranger.status_code, as_delegate.status_code) == (404, 403)
    own_reading.refresh_from_db()
    assert own_reading.value == Decimal("112.500")


def test_a_reading_of_a_month_that_is_over_is_not_corrected(
    client, resident, water_meter
):
    last_month = kyiv_today().replace(day=1) - timedelta(days=1)
    reading = MeterReading.objects.create(
        meter=water_meter,
        value=Decimal("112.500"),
        taken_on=last_month,
        source=ReadingSource.RESIDENT,
        submitted_by=resident,
    )
    client.force_login(resident)

    response = submit_in_english(client, water_meter, "102.5", last_month)

    assert refusal_of(response) == (
        f"The reading 112,5 m³ of {last_month:%d.%m.%Y} can no longer be corrected: "
        "its month is over and the provider may already have taken it. If it is "
        "wrong, call the provider."
    )
    reading.refresh_from_db()
    assert reading.value == Decimal("112.500")


@pytest.mark.parametrize(
    ("today", "corrected"), [(date(2026, 11, 30), True), (date(2026, 12, 1), False)]
)
def test_a_correction_is_possible_until_the_months_last_day(
    resident, water_meter, today, corrected
):
    add_reading(water_meter, "100.000", date(2026, 11, 20))
    readings.submit_reading(
        resident, water_meter, Decimal("103"), date(2026, 11, 30), date(2026, 11, 30)
    )

    def correct():
        return readings.submit_reading(
            resident, water_meter, Decimal("102"), date(2026, 11, 30), today
        )

    if corrected:
        assert correct().replaced == Decimal("103.000")
    else:
        with pytest.raises(readings.ReadingRefusedError):
            correct()


def test_the_export_is_streamed_as_the_readings_are_read_in_chunks(
    client, november_readings, water_provider, admin_user_without_export, monkeypatch
):
    admin_user_without_export.user_permissions.add(
        Permission.objects.get(codename="export_meterreading")
    )
    ProviderStaff.objects.create(
        user=admin_user_without_export, provider=water_provider
    )
    client.force_login(admin_user_without_export)
    chunks = []
    iterator = QuerySet.iterator

    def recorded(queryset, chunk_size=None):
        chunks.append((queryset.model, chunk_size))
        return iterator(queryset, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", recorded)

    with CaptureQueriesContext(connection) as answering:
        response = client.get(export_url(water_provider))
    with CaptureQueriesContext(connection) as sending:
        content = b"".join(response.streaming_content)

    # No reading is read before the response starts; then a chunk at a time.
    assert response.streaming
    assert content.count(b"\n") == 3
    table = MeterReading._meta.db_table
    assert not any(table in query["sql"] for query in answering.captured_queries)
    assert any(table in query["sql"] for query in sending.captured_queries)
    assert chunks == [(MeterReading, CHUNK_ROWS)]
