"""The admin screen of month-end bill runs: billing staff watch and start runs,
nobody else opens it."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plugins.billing.models import BillRun, ProviderStaff
from tests.billing.conftest import admin_user

pytestmark = pytest.mark.django_db

NOVEMBER = date(2026, 11, 1)
RUNS = reverse("billing_bill_runs")


@pytest.fixture(autouse=True)
def private_files(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def billing_officer(django_user_model):
    """A city billing officer who watches and starts runs."""
    return admin_user(django_user_model, "officer", "view_billrun", "add_billrun")


@pytest.fixture
def watcher(django_user_model):
    """Someone allowed to watch runs but not to start one."""
    return admin_user(django_user_model, "watcher", "view_billrun")


@pytest.fixture
def editor(django_user_model):
    return admin_user(django_user_model, "editor")


@pytest.fixture
def provider_clerk(django_user_model, water_provider):
    """Vodokanal's clerk: uploads and reads its imports, nothing city-wide."""
    user = admin_user(
        django_user_model, "clerk", "view_billingimport", "add_billingimport"
    )
    ProviderStaff.objects.create(user=user, provider=water_provider)
    return user


@pytest.fixture
def office_member(django_user_model):
    """A member of the social-protection office."""
    from plugins.subsidies.staff import social_protection_group

    user = django_user_model.objects.create_user(username="office", password="x")
    user.groups.add(social_protection_group())
    return user


def test_a_billing_officer_starts_a_run_and_sees_its_progress(
    client, billing_officer, billed_dwelling, neighbours_dwelling
):
    client.force_login(billing_officer)

    response = client.post(RUNS, {"month": "2026-11"})

    assert response.status_code == 302
    run = BillRun.objects.get()
    assert (run.month, run.started_by, run.total, run.done) == (
        NOVEMBER,
        billing_officer,
        2,
        2,
    )
    page = client.get(RUNS)
    assert "2 / 2" in page.text
    assert reverse("billing_bill_run", args=[run.pk]) in page.text
    assert RUNS in client.get(reverse("wagtailadmin_home")).text


def test_a_run_page_lists_its_failed_dwellings(
    client, billing_officer, billed_dwelling
):
    run = BillRun.objects.create(month=NOVEMBER, total=1, failed=1)
    run.outcomes.create(dwelling=billed_dwelling, ok=False, error="DocumentError: x")
    client.force_login(billing_officer)

    response = client.get(reverse("billing_bill_run", args=[run.pk]))

    assert response.status_code == 200
    assert "вул. Соборна, 12, кв. 5" in response.text
    assert "DocumentError: x" in response.text


def test_a_watcher_sees_runs_but_cannot_start_one(client, watcher, billed_dwelling):
    client.force_login(watcher)

    assert client.get(RUNS).status_code == 200
    assert 'type="month"' not in client.get(RUNS).text
    response = client.post(RUNS, {"month": "2026-11"})

    assert response.status_code in (302, 403)
    assert not BillRun.objects.exists()


@pytest.mark.parametrize("who", ["editor", "provider_clerk", "office_member"])
def test_other_staff_cannot_open_or_start_runs(client, request, who, billed_dwelling):
    user = request.getfixturevalue(who)
    run = BillRun.objects.create(month=NOVEMBER, total=1)
    client.force_login(user)

    for url in (RUNS, reverse("billing_bill_run", args=[run.pk])):
        response = client.get(url)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response.url == reverse("wagtailadmin_home")
    client.post(RUNS, {"month": "2026-11"})

    assert BillRun.objects.count() == 1
    assert RUNS not in client.get(reverse("wagtailadmin_home")).text


def test_a_resident_is_sent_to_sign_in(client, resident, billed_dwelling):
    client.force_login(resident)

    response = client.get(RUNS)
    client.post(RUNS, {"month": "2026-11"})

    assert response.status_code == 302
    assert "/login/?next=" in response.url
    assert not BillRun.objects.exists()


def listing_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(RUNS).status_code == 200
    return len(queries)


def test_the_list_of_runs_takes_the_same_queries_however_many(
    client, billing_officer, django_user_model
):
    client.force_login(billing_officer)
    starter = django_user_model.objects.create_user(username="starter", password="x")
    BillRun.objects.create(month=NOVEMBER, started_by=starter, total=3)
    few = listing_queries(client)

    for month in range(1, 13):
        BillRun.objects.create(
            month=date(2025, month, 1), started_by=billing_officer, total=month
        )
    many = listing_queries(client)

    assert many == few
