"""Delegated access and the access log: an owner lets a relative in and takes
the access back; owners, not delegates, see who opened the dwelling's data."""

import logging
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plugins.billing.models import (
    AccessKind,
    AccessLevel,
    AccessLogEntry,
    ChargeDispute,
    DwellingAccess,
)


def page_url(dwelling):
    return reverse("billing:dwelling", args=[dwelling.pk])


def access_url(dwelling):
    return reverse("billing:dwelling_access", args=[dwelling.pk])


@pytest.fixture
def carer(django_user_model):
    return django_user_model.objects.create_user(
        username="maria", email="maria@example.org", password="x"
    )


@pytest.fixture
def delegation(billed_dwelling, carer, resident):
    return DwellingAccess.objects.create(
        dwelling=billed_dwelling,
        user=carer,
        level=AccessLevel.VIEW,
        granted_by=resident,
    )


def test_an_owner_grants_access_by_e_mail(
    client, resident, carer, billed_dwelling, caplog
):
    client.force_login(resident)

    with caplog.at_level(logging.INFO, logger="plugins.billing.access"):
        response = client.post(
            access_url(billed_dwelling), {"email": "Maria@example.org", "level": "view"}
        )

    access = DwellingAccess.objects.get()
    assert response.status_code == 302
    assert (access.user, access.level, access.granted_by) == (carer, "view", resident)
    assert f"access {access.pk} to dwelling {billed_dwelling.pk} granted" in caplog.text
    assert "maria@" not in caplog.text


def test_an_unknown_e_mail_grants_nothing(client, resident, billed_dwelling):
    client.force_login(resident)

    response = client.post(
        access_url(billed_dwelling), {"email": "nobody@example.org", "level": "view"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not DwellingAccess.objects.exists()


def test_a_delegate_sees_the_dwelling_marked_as_delegated(
    client, carer, billed_dwelling, delegation
):
    client.force_login(carer)

    cabinet = client.get(reverse("billing:cabinet"))
    page = client.get(page_url(billed_dwelling))
    bill = client.get(
        reverse("billing:bill_print", args=[billed_dwelling.pk, "2026-11"])
    )

    assert [row[0] for row in cabinet.context["rows"]] == [billed_dwelling]
    assert not cabinet.context["rows"][0][0].owned
    assert reverse("billing:unlink_dwelling", args=[billed_dwelling.pk]) not in (
        cabinet.content.decode()
    )
    assert (page.status_code, bill.status_code) == (200, 200)
    assert 'class="delegated"' in page.content.decode()


def test_a_delegate_cannot_manage_access_or_unlink(
    client, carer, billed_dwelling, delegation
):
    client.force_login(carer)

    managed = client.get(access_url(billed_dwelling))
    unlinked = client.post(
        reverse("billing:unlink_dwelling", args=[billed_dwelling.pk])
    )

    assert (managed.status_code, unlinked.status_code) == (404, 404)


def test_withdrawal_takes_effect_at_once(
    client, resident, carer, billed_dwelling, delegation
):
    client.force_login(resident)
    client.post(
        reverse("billing:withdraw_access", args=[billed_dwelling.pk, delegation.pk])
    )

    client.force_login(carer)
    page = client.get(page_url(billed_dwelling))
    cabinet = client.get(reverse("billing:cabinet"))

    assert not DwellingAccess.objects.exists()
    assert page.status_code == 404
    assert cabinet.context["rows"] == []


def test_strangers_cannot_withdraw_access(
    client, neighbour, billed_dwelling, delegation
):
    client.force_login(neighbour)

    response = client.post(
        reverse("billing:withdraw_access", args=[billed_dwelling.pk, delegation.pk])
    )

    assert response.status_code == 404
    assert DwellingAccess.objects.exists()


def test_an_owner_cannot_withdraw_another_dwellings_delegation(
    client, resident, neighbour, carer, billed_dwelling, neighbours_dwelling
):
    foreign = DwellingAccess.objects.create(
        dwelling=neighbours_dwelling,
        user=carer,
        level=AccessLevel.VIEW,
        granted_by=neighbour,
    )
    client.force_login(resident)

    response = client.post(
        reverse("billing:withdraw_access", args=[billed_dwelling.pk, foreign.pk])
    )
    page = client.get(access_url(billed_dwelling))

    assert response.status_code == 404
    assert DwellingAccess.objects.filter(pk=foreign.pk).exists()
    assert not list(page.context["messages"])


def test_withdrawing_twice_finds_nothing_the_second_time(
    client, resident, billed_dwelling, delegation
):
    client.force_login(resident)
    url = reverse("billing:withdraw_access", args=[billed_dwelling.pk, delegation.pk])

    first = client.post(url, follow=True)
    second = client.post(url)

    assert first.status_code == 200
    assert [str(m) for m in first.context["messages"]] == ["Доступ відкликано."]
    assert second.status_code == 404


def test_the_owner_sees_who_opened_the_data(
    client, resident, carer, billed_dwelling, delegation
):
    client.force_login(carer)
    client.get(page_url(billed_dwelling))
    client.get(reverse("billing:bill_print", args=[billed_dwelling.pk, "2026-11"]))

    client.force_login(resident)
    page = client.get(page_url(billed_dwelling))

    seen = [(entry.user, entry.what) for entry in page.context["access_log"]]
    assert seen == [
        (resident, AccessKind.PAGE),
        (carer, AccessKind.BILL),
        (carer, AccessKind.PAGE),
    ]
    assert "maria@example.org" in page.content.decode()


def test_a_delegate_does_not_see_the_access_log(
    client, resident, carer, billed_dwelling, delegation
):
    AccessLogEntry.objects.create(user=resident, dwelling=billed_dwelling, what="page")
    client.force_login(carer)

    page = client.get(page_url(billed_dwelling))

    assert page.context["access_log"] == []
    assert "olena@example.org" not in page.content.decode()


def test_the_log_shows_the_latest_twenty(client, resident, billed_dwelling):
    for _number in range(25):
        AccessLogEntry.objects.create(
            user=resident, dwelling=billed_dwelling, what="bill"
        )
    client.force_login(resident)

    page = client.get(page_url(billed_dwelling))

    assert len(page.context["access_log"]) == 20
    assert page.context["access_log"][0].what == AccessKind.PAGE


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


@pytest.mark.parametrize("who", ["resident", "carer"])
def test_the_page_query_count_does_not_grow_with_log_and_disputes(
    client, request, billed_dwelling, delegation, who
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    client.get(page_url(billed_dwelling))  # the layout's records on the first visit
    before = count_queries(client, page_url(billed_dwelling))
    charge = billed_dwelling.accounts.get().charges.get(
        period=date(2026, 11, 1), service__code="water_supply"
    )
    for number in range(10):
        AccessLogEntry.objects.create(user=user, dwelling=billed_dwelling, what="page")
        ChargeDispute.objects.create(charge=charge, text=f"{number}")

    after = count_queries(client, page_url(billed_dwelling))

    assert after == before


def test_a_delegate_sees_the_readings_but_is_told_who_submits_them(
    client, carer, delegation, billed_dwelling, services
):
    from plugins.billing.models import Meter

    Meter.objects.create(
        account=billed_dwelling.accounts.get(),
        service=services["water_supply"],
        serial_number="W-0001",
    )
    client.force_login(carer)
    url = reverse("billing:readings", kwargs={"pk": billed_dwelling.pk})

    page = client.get(url).content.decode()
    refused = client.post(url, {"value": "10", "taken_on": "2026-12-01"})

    assert "Показники подають мешканці помешкання" in page
    assert 'class="reading-form"' not in page
    assert refused.status_code == 403


def test_a_delegate_who_links_the_dwelling_leaves_the_owners_list(
    client, resident, carer, delegation, billed_dwelling, water_provider
):
    account = billed_dwelling.accounts.get()
    client.force_login(carer)

    client.post(
        reverse("billing:link_dwelling"),
        {
            "provider": water_provider.pk,
            "number": account.number,
            "code": account.access_code,
        },
    )
    client.force_login(resident)
    page = client.get(access_url(billed_dwelling)).text

    assert carer in billed_dwelling.residents.all()
    assert not DwellingAccess.objects.exists()
    assert "maria@example.org" not in page
    assert "Ніхто інший не має доступу" not in page
    assert "Ви нікому не надали доступу." in page
    assert "Ще 1 мешканець додав це помешкання" in page


def test_an_owner_alone_reads_that_nobody_else_has_access(
    client, resident, billed_dwelling
):
    client.force_login(resident)

    page = client.get(access_url(billed_dwelling)).text

    assert "Ніхто інший не має доступу до цього помешкання." in page
    assert "мешканець додав" not in page and "мешканці додали" not in page
