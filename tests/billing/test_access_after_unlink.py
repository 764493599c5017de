"""Delegated access ends with the owner who gave it: an owner who unlinks the
dwelling takes the access they gave away, and the last owner takes all of it."""

import logging

import pytest
from django.urls import reverse

from plugins.billing.models import AccessLevel, DwellingAccess


@pytest.fixture
def relatives(django_user_model):
    return [
        django_user_model.objects.create_user(
            username=f"relative{number}", email=f"relative{number}@example.org"
        )
        for number in range(3)
    ]


def delegate(dwelling, user, owner, level=AccessLevel.VIEW_AND_PAY):
    return DwellingAccess.objects.create(
        dwelling=dwelling, user=user, level=level, granted_by=owner
    )


def unlink_url(dwelling):
    return reverse("billing:unlink_dwelling", args=[dwelling.pk])


def page_url(dwelling):
    return reverse("billing:dwelling", args=[dwelling.pk])


def test_the_last_owner_unlinking_ends_every_delegation(
    client, resident, relatives, billed_dwelling, caplog
):
    mine = delegate(billed_dwelling, relatives[0], resident)
    # Given by an owner whose portal account is gone since.
    orphan = delegate(billed_dwelling, relatives[1], None, AccessLevel.VIEW)
    client.force_login(resident)

    with caplog.at_level(logging.INFO, logger="plugins.billing"):
        client.post(unlink_url(billed_dwelling))

    client.force_login(relatives[1])
    assert client.get(page_url(billed_dwelling)).status_code == 404
    assert not DwellingAccess.objects.exists()
    assert str(sorted([mine.pk, orphan.pk])) in caplog.text
    assert "example.org" not in caplog.text


def test_a_co_owner_unlinking_ends_only_the_access_they_gave(
    client, resident, neighbour, relatives, billed_dwelling
):
    billed_dwelling.residents.add(neighbour)
    delegate(billed_dwelling, relatives[0], resident)
    delegate(billed_dwelling, relatives[1], neighbour)
    client.force_login(resident)

    client.post(unlink_url(billed_dwelling))

    client.force_login(relatives[0])
    gone = client.get(page_url(billed_dwelling))
    client.force_login(relatives[1])
    kept = client.get(page_url(billed_dwelling))
    assert (gone.status_code, kept.status_code) == (404, 200)
    assert list(billed_dwelling.residents.all()) == [neighbour]


def test_the_other_co_owner_still_sees_and_manages_what_they_gave(
    client, resident, neighbour, relatives, billed_dwelling
):
    billed_dwelling.residents.add(neighbour)
    delegate(billed_dwelling, relatives[0], resident)
    kept = delegate(billed_dwelling, relatives[1], neighbour)
    client.force_login(resident)
    client.post(unlink_url(billed_dwelling))

    client.force_login(neighbour)
    page = client.get(reverse("billing:dwelling_access", args=[billed_dwelling.pk]))

    assert page.context["delegations"] == [kept]


def test_the_confirmation_names_how_many_people_lose_access(
    client, resident, neighbour, relatives, billed_dwelling
):
    billed_dwelling.residents.add(neighbour)
    delegate(billed_dwelling, relatives[0], resident)
    delegate(billed_dwelling, relatives[1], resident)
    delegate(billed_dwelling, relatives[2], neighbour)
    client.force_login(resident)

    page = client.get(unlink_url(billed_dwelling)).content.decode()

    assert "2 особи, яким ви надали доступ до цього помешкання, втратять його." in page
    assert DwellingAccess.objects.count() == 3


def test_the_last_owner_is_told_everyone_loses_access(
    client, resident, relatives, billed_dwelling
):
    delegate(billed_dwelling, relatives[0], resident)
    delegate(billed_dwelling, relatives[1], None)
    client.force_login(resident)

    page = client.get(unlink_url(billed_dwelling)).content.decode()

    assert "усі 2 особи, що мають до нього доступ, втратять його." in page


def test_nothing_is_said_when_nobody_loses_access(
    client, resident, neighbour, relatives, billed_dwelling
):
    billed_dwelling.residents.add(neighbour)
    delegate(billed_dwelling, relatives[0], neighbour)
    client.force_login(resident)

    page = client.get(unlink_url(billed_dwelling)).content.decode()

    assert "втратять його" not in page and "втратить його" not in page
    assert page.count('class="message') == 0
