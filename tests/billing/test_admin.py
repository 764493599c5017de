"""The admin's record of billing imports: read-only, and only for the people
allowed to see billing data."""

import pytest
from django.urls import reverse

from plugins.billing import services
from plugins.billing.models import ProviderStaff
from tests.billing.conftest import admin_user, export_file, export_row

pytestmark = pytest.mark.django_db

INDEX = "billing_imports:index"


@pytest.fixture
def rejected_import(water_provider):
    data = export_file([export_row(), export_row(period="11.2026")])
    return services.import_billing_export(water_provider, data, "pvk-2026-11.csv")


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="admin", email="admin@example.org", password="admin-pass-1"
    )


@pytest.fixture
def editor(django_user_model):
    return admin_user(django_user_model, "editor")


@pytest.fixture
def billing_clerk(django_user_model, water_provider):
    """A Vodokanal employee allowed to read its import log."""
    user = admin_user(django_user_model, "clerk", "view_billingimport")
    ProviderStaff.objects.create(user=user, provider=water_provider)
    return user


def inspect_url(report):
    return reverse("billing_imports:inspect", args=[report.record.pk])


def test_a_superuser_sees_the_list_of_imports(client, superuser, rejected_import):
    client.force_login(superuser)

    response = client.get(reverse(INDEX))

    assert response.status_code == 200
    assert "pvk-2026-11.csv" in response.text
    assert "відхилено" in response.text
    assert inspect_url(rejected_import) in response.text
    assert reverse("wagtailadmin_home") + "billing_imports/edit/" not in response.text


def test_an_import_shows_its_errors_with_line_field_and_value(
    client, superuser, rejected_import
):
    client.force_login(superuser)

    response = client.get(inspect_url(rejected_import))

    assert response.status_code == 200
    assert response.context["import_errors"] == [
        {
            "line": 3,
            "field": "period",
            "value": "11.2026",
            "message": "не місяць у форматі РРРР-ММ",
        }
    ]
    assert "<td>11.2026</td>" in response.text


def test_a_user_with_the_view_permission_sees_imports_in_the_menu(
    client, billing_clerk, rejected_import
):
    client.force_login(billing_clerk)

    assert client.get(inspect_url(rejected_import)).status_code == 200
    assert reverse(INDEX) in client.get(reverse("wagtailadmin_home")).text


@pytest.mark.parametrize("url_of", [lambda report: reverse(INDEX), inspect_url])
def test_an_editor_is_refused_billing_imports(client, editor, rejected_import, url_of):
    client.force_login(editor)

    response = client.get(url_of(rejected_import))

    # An import of a provider the editor does not serve does not exist for
    # them (404), before their missing permission is even asked about.
    assert response.status_code in (302, 403, 404)
    assert rejected_import.record.file_name not in response.text
    if response.status_code == 302:
        assert response.url == reverse("wagtailadmin_home")


def test_an_editor_has_no_billing_imports_in_the_menu(client, editor):
    client.force_login(editor)

    response = client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200
    assert reverse(INDEX) not in response.text


def test_anonymous_visitors_are_sent_to_log_in(client, rejected_import):
    response = client.get(inspect_url(rejected_import))

    # Staff sign in through the portal's own form, as residents do.
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_no_screen_changes_an_import(client, superuser, rejected_import):
    client.force_login(superuser)
    base = reverse(INDEX)

    for action in ("new/", f"edit/{rejected_import.record.pk}/"):
        assert client.get(base + action).status_code == 404


def test_an_import_with_many_errors_says_how_many_are_not_shown(
    client, superuser, water_provider
):
    rows = [export_row(account=str(n), period="11.2026") for n in range(1002)]
    report = services.import_billing_export(water_provider, export_file(rows), "x.csv")
    client.force_login(superuser)

    response = client.get(inspect_url(report))

    assert len(response.context["import_errors"]) == 1000
    assert response.context["more_errors"] == 2
    assert "і ще 2 помилки" in response.text


def test_staff_of_another_provider_see_none_of_its_imports(
    client, django_user_model, services, rejected_import
):
    from cms.directory.models import Provider

    heat = Provider.objects.create(
        code="TEPLO", name="Тепломережа", short_name="Тепломережа", edrpou="99990026"
    )
    heat_clerk = admin_user(django_user_model, "heatclerk", "view_billingimport")
    ProviderStaff.objects.create(user=heat_clerk, provider=heat)
    client.force_login(heat_clerk)

    listing = client.get(reverse(INDEX)).content.decode()

    assert rejected_import.record.file_name not in listing
    assert client.get(inspect_url(rejected_import)).status_code == 404
