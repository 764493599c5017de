"""Provider staff download the subsidy decisions in force in a month on their
providers' accounts, from the admin; nobody else does."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.directory.models import Provider
from plugins.billing import services as billing
from plugins.billing.downloads import CHUNK_ROWS
from plugins.billing.grants_export import export_grants
from plugins.billing.models import (
    Dwelling,
    PersonalAccount,
    ProviderStaff,
    SubsidyGrant,
)
from tests.billing.conftest import flat_with_account

pytestmark = pytest.mark.django_db

BOM = "\ufeff".encode()
HEADER = "account;address;service;monthly;period_from;period_to;decision"


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


@pytest.fixture
def decisions(resident, neighbour, water_provider, heat_provider, services):
    """Olena's flat, billed by both providers, is granted water and heating from
    November to April; Petro's next door water from January to March."""
    flat, _water = flat_with_account(
        resident,
        water_provider,
        apartment="5",
        area="52.40",
        persons=2,
        number="100234",
        access_code="4821",
        payer="Коваленко Олена Іванівна",
    )
    PersonalAccount.objects.create(
        dwelling=flat,
        provider=heat_provider,
        number="T-77",
        access_code="1",
        payer_name="Коваленко Олена Іванівна",
    )
    billing.grant_subsidy(
        flat,
        "СД-117",
        date(2026, 11, 1),
        date(2027, 4, 1),
        {
            services["water_supply"]: Decimal("123.46"),
            services["central_heating"]: Decimal("800.00"),
        },
    )
    next_door, _account = flat_with_account(
        neighbour,
        water_provider,
        apartment="6",
        area="38.10",
        persons=1,
        number="100235",
        access_code="7390",
        payer="Шевченко Петро Миколайович",
    )
    billing.grant_subsidy(
        next_door,
        "СД-200",
        date(2027, 1, 1),
        date(2027, 3, 1),
        {services["water_supply"]: Decimal("50")},
    )


def staff_of(django_user_model, provider, name):
    user = django_user_model.objects.create_user(username=name, password="x")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "export_subsidygrant"])
    )
    ProviderStaff.objects.create(user=user, provider=provider)
    return user


@pytest.fixture
def water_staff(django_user_model, water_provider):
    return staff_of(django_user_model, water_provider, "pvk-clerk")


@pytest.fixture
def heat_staff(django_user_model, heat_provider):
    return staff_of(django_user_model, heat_provider, "te-clerk")


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(username="editor", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def download(client, user, provider, month):
    client.force_login(user)
    url = reverse("billing_grants_export")
    return client.get(url, {"provider": provider.pk, "month": month})


def lines(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = b"".join(response.streaming_content)
    assert content.startswith(BOM)
    return content[len(BOM) :].decode().splitlines()


def test_the_file_lists_the_grants_in_force_on_the_providers_accounts(
    client, decisions, water_provider, water_staff
):
    response = download(client, water_staff, water_provider, "2026-11")

    assert response.status_code == 200
    assert "subsidies-PVK-2026-11.csv" in response["Content-Disposition"]
    # Heating goes to the heat provider; Petro's decision starts in January.
    assert lines(response) == [
        HEADER,
        "100234;вул. Соборна, 12, кв. 5;water_supply;123,46;2026-11;2027-04;СД-117",
    ]


def test_a_later_month_lists_every_decision_then_in_force(
    client, decisions, water_provider, water_staff
):
    response = download(client, water_staff, water_provider, "2027-01")

    assert lines(response)[1:] == [
        "100234;вул. Соборна, 12, кв. 5;water_supply;123,46;2026-11;2027-04;СД-117",
        "100235;вул. Соборна, 12, кв. 6;water_supply;50,00;2027-01;2027-03;СД-200",
    ]


def test_a_month_after_every_period_gives_the_header_alone(
    client, decisions, water_provider, water_staff
):
    response = download(client, water_staff, water_provider, "2027-05")

    assert lines(response) == [HEADER]


def test_another_providers_staff_get_their_own_rows_only(
    client, decisions, heat_provider, heat_staff
):
    response = download(client, heat_staff, heat_provider, "2026-11")

    assert lines(response)[1:] == [
        "T-77;вул. Соборна, 12, кв. 5;central_heating;800,00;2026-11;2027-04;СД-117"
    ]


def test_another_providers_staff_cannot_choose_the_first_provider(
    client, decisions, water_provider, heat_staff
):
    response = download(client, heat_staff, water_provider, "2026-11")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "provider" in response.context["form"].errors
    assert "100234" not in response.content.decode()


def test_an_editor_without_the_permission_is_refused(
    client, decisions, water_provider, editor
):
    # In the browser, Wagtail turns the refusal into its usual redirect to the
    # dashboard with "you do not have permission"; asked by a script, a 403.
    response = download(client, editor, water_provider, "2026-11")
    asked = client.get(
        reverse("billing_grants_export"),
        {"provider": water_provider.pk, "month": "2026-11"},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert asked.status_code == 403
    with pytest.raises(PermissionDenied):
        export_grants(water_provider, date(2026, 11, 1), editor)


def test_a_month_written_wrongly_is_named_in_the_message(
    client, decisions, water_provider, water_staff
):
    response = download(client, water_staff, water_provider, "2026-13")

    errors = response.context["form"].errors["month"]
    assert any("2026-13" in error for error in errors)


def test_the_export_takes_the_same_queries_for_many_decisions(
    client, decisions, water_provider, water_staff, services
):
    client.force_login(water_staff)
    url = reverse("billing_grants_export")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(
                url, {"provider": water_provider.pk, "month": "2027-01"}
            )
        return len(captured), len(lines(response))

    few, few_lines = queries()
    for number in range(10):
        flat = Dwelling.objects.create(
            street="вул. Дніпровська", house=str(number), total_area=Decimal("40")
        )
        PersonalAccount.objects.create(
            dwelling=flat,
            provider=water_provider,
            number=f"2000{number}",
            access_code="1",
            payer_name="Платник",
        )
        billing.grant_subsidy(
            flat,
            f"СД-{number}",
            date(2027, 1, 1),
            date(2027, 1, 1),
            {services["water_supply"]: Decimal("10")},
        )

    many, many_lines = queries()

    assert many_lines == few_lines + 10
    assert many == few


def test_the_social_protection_office_and_a_resident_are_refused(
    client, decisions, water_provider, resident, django_user_model
):
    from plugins.subsidies.staff import social_protection_group

    office = django_user_model.objects.create_user(username="office", password="x")
    office.groups.add(social_protection_group())

    # The office decides on subsidies; what each provider's billing gets is
    # the provider's staff's to download.
    refused = download(client, office, water_provider, "2026-11")
    client.logout()
    resident_sees = download(client, resident, water_provider, "2026-11")
    client.logout()
    anonymous = client.get(
        reverse("billing_grants_export"),
        {"provider": water_provider.pk, "month": "2026-11"},
    )

    assert refused.status_code == 302
    assert refused["Location"] == reverse("wagtailadmin_home")
    assert resident_sees.status_code == 302
    assert "100234" not in resident_sees.content.decode()
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))


def test_the_file_is_streamed_as_the_grants_are_read_in_chunks(
    client, decisions, water_provider, water_staff, monkeypatch
):
    chunks = []
    iterator = QuerySet.iterator

    def recorded(queryset, chunk_size=None):
        chunks.append((queryset.model, chunk_size))
        return iterator(queryset, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", recorded)

    with CaptureQueriesContext(connection) as answering:
        response = download(client, water_staff, water_provider, "2026-11")
    with CaptureQueriesContext(connection) as sending:
        assert len(lines(response)) == 2

    # Nothing of the file is read before the response starts; a city's
    # decisions are then read a chunk at a time, never held whole.
    assert response.streaming
    grants = SubsidyGrant._meta.db_table
    assert not any(grants in query["sql"] for query in answering.captured_queries)
    assert any(grants in query["sql"] for query in sending.captured_queries)
    assert chunks == [(SubsidyGrant, CHUNK_ROWS)]
