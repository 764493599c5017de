"""A corrected export replaces the provider's months it covers, and the import
record tells which months and how long the import took."""

from datetime import date

import pytest

from cms.directory.models import Provider
from plugins.billing import services as billing
from plugins.billing.choices import ImportStatus
from plugins.billing.models import Charge, ChargeDispute, DisputeStatus, PersonalAccount
from tests.billing.conftest import NOVEMBER, export_file, export_row, make_charge

pytestmark = pytest.mark.django_db

OCTOBER = date(2026, 10, 1)


def run_import(provider, data):
    return billing.import_billing_export(provider, data, "pvk.csv")


def keys(provider):
    return set(
        Charge.objects.filter(account__provider=provider).values_list(
            "account__number", "service__code", "period"
        )
    )


@pytest.fixture
def heat_provider(services):
    provider = Provider.objects.create(
        code="TE",
        name="Комунальне підприємство «Теплоенерго»",
        short_name="КП «Теплоенерго»",
        edrpou="99990026",
        iban="UA213223130000026007233566002",
    )
    provider.services.set([services["central_heating"]])
    return provider


def without_line(data, number):
    """The export without its ``number``-th data row (1 is the first)."""
    lines = data.decode().splitlines(keepends=True)
    return "".join(lines[:number] + lines[number + 1 :]).encode()


def test_a_corrected_file_without_a_row_deletes_exactly_that_charge(
    water_provider, good_export
):
    run_import(water_provider, good_export)
    # The second row is account 100234's sewerage in November.
    corrected = without_line(good_export, 2)

    report = run_import(water_provider, corrected)

    assert not report.rejected, report.errors
    assert report.result.charges_deleted == 1
    assert report.record.rows_changed == 1
    assert keys(water_provider) == {
        ("100234", "water_supply", NOVEMBER),
        ("100235", "water_supply", NOVEMBER),
        ("100235", "sewerage", NOVEMBER),
    }


def test_importing_the_corrected_file_again_changes_nothing(
    water_provider, good_export
):
    run_import(water_provider, good_export)
    corrected = without_line(good_export, 2)
    run_import(water_provider, corrected)

    report = run_import(water_provider, corrected)

    assert report.result.charges_deleted == 0
    assert report.record.rows_changed == 0
    assert Charge.objects.count() == 3


def test_a_dispute_outlives_the_charge_a_corrected_file_withdraws(
    water_provider, good_export, resident
):
    run_import(water_provider, good_export)
    sewerage = Charge.objects.get(account__number="100234", service__code="sewerage")
    water = Charge.objects.get(account__number="100234", service__code="water_supply")
    withdrawn = ChargeDispute.objects.create(
        charge=sewerage, author=resident, text="Забагато"
    )
    answered = ChargeDispute.objects.create(
        charge=sewerage,
        author=resident,
        text="Двічі",
        status=DisputeStatus.REJECTED,
        answer="Нараховано правильно.",
    )
    kept = ChargeDispute.objects.create(charge=water, author=resident, text="Лічильник")

    run_import(water_provider, without_line(good_export, 2))

    withdrawn.refresh_from_db()
    assert withdrawn.charge is None
    assert withdrawn.subject == "PVK 100234 sewerage 2026-11"
    assert withdrawn.status == DisputeStatus.RESOLVED
    assert withdrawn.answer == (
        "Надавач зняв це нарахування: у його виправленому файлі за місяць "
        "його більше немає."
    )
    assert withdrawn.answered_at is not None
    answered.refresh_from_db()
    assert (answered.status, answered.answer) == (
        DisputeStatus.REJECTED,
        "Нараховано правильно.",
    )
    kept.refresh_from_db()
    assert (kept.charge, kept.status) == (water, DisputeStatus.OPEN)


def test_another_providers_charges_of_the_same_month_stay(
    water_provider, heat_provider, services, good_export
):
    run_import(water_provider, good_export)
    dwelling = PersonalAccount.objects.get(number="100234").dwelling
    heat_account = PersonalAccount.objects.create(
        dwelling=dwelling,
        provider=heat_provider,
        number="T-77",
        access_code="1111",
        payer_name="Коваленко Олена Іванівна",
    )
    heating = make_charge(heat_account, services["central_heating"], charged="900.00")

    report = run_import(water_provider, without_line(good_export, 2))

    assert report.result.charges_deleted == 1
    assert Charge.objects.filter(pk=heating.pk).exists()


def test_a_file_for_october_leaves_november_alone(water_provider, good_export):
    run_import(water_provider, good_export)
    october = export_file([export_row(period="2026-10")])

    report = run_import(water_provider, october)

    assert report.result.charges_deleted == 0
    assert report.record.rows_changed == 1
    assert Charge.objects.filter(period=NOVEMBER).count() == 4
    assert keys(water_provider) >= {("100234", "water_supply", OCTOBER)}


def test_a_file_replaces_each_month_it_covers(water_provider, good_export):
    run_import(water_provider, good_export)
    run_import(water_provider, export_file([export_row(period="2026-10")]))
    both = export_file(
        [export_row(period="2026-10", service="sewerage", price="11,40"), export_row()]
    )

    report = run_import(water_provider, both)

    assert not report.rejected, report.errors
    assert report.result.charges_deleted == 4
    assert keys(water_provider) == {
        ("100234", "sewerage", OCTOBER),
        ("100234", "water_supply", NOVEMBER),
    }


def test_the_record_keeps_the_months_and_the_duration(water_provider):
    both = export_file([export_row(), export_row(period="2026-10")])

    report = run_import(water_provider, both)

    assert report.record.status == ImportStatus.APPLIED
    report.record.refresh_from_db()
    assert report.record.periods == "2026-10, 2026-11"
    assert report.record.duration_ms >= 0


def test_a_rejected_file_is_recorded_with_its_months_and_duration(water_provider):
    bad = export_file([export_row(), export_row(account="100235", service="gas")])

    report = run_import(water_provider, bad)

    assert report.rejected
    report.record.refresh_from_db()
    assert report.record.periods == "2026-11"
    assert report.record.duration_ms >= 0


def test_the_import_screen_shows_the_months_and_the_duration(
    admin_client, water_provider, good_export
):
    record = run_import(water_provider, good_export).record

    response = admin_client.get(f"/admin/billing_imports/inspect/{record.pk}/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "2026-11" in content
    assert (
        f"{record.duration_ms} ms" in content or f"{record.duration_ms} мс" in content
    )


def test_only_disputes_refer_to_a_charge():
    # The merge removes withdrawn charges with SQL of its own, which sees to
    # disputes; a new table referring to charges must be seen to there too.
    assert {relation.related_model for relation in Charge._meta.related_objects} == {
        ChargeDispute
    }
