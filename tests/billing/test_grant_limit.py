"""Granting access is limited per owner, so that the form, which tells whether
an e-mail has a portal account, cannot be used to test a list of addresses."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from plugins.billing.models import AccessLevel, DwellingAccess
from plugins.billing.views_access import GRANTS

pytestmark = pytest.mark.django_db

PAUSED = (
    "Ви забагато разів намагалися надати доступ за короткий час. Спробувати знову "
    "можна буде не пізніше ніж через 60 хвилин; уже наданий доступ залишається "
    "без змін."
)


@pytest.fixture
def carer(django_user_model):
    return django_user_model.objects.create_user(
        username="maria", email="maria@example.org"
    )


def grant(client, dwelling, email, level=AccessLevel.VIEW):
    url = reverse("billing:dwelling_access", args=[dwelling.pk])
    return client.post(url, {"email": email, "level": level})


def probe(client, dwelling, times):
    """Try ``times`` addresses no portal user has, as an enumerating owner would."""
    return [grant(client, dwelling, f"guess{n}@example.org") for n in range(times)]


def test_an_owner_trying_many_addresses_is_paused(
    client, resident, carer, billed_dwelling
):
    client.force_login(resident)
    probes = probe(client, billed_dwelling, GRANTS.most)

    paused = grant(client, billed_dwelling, "maria@example.org")

    assert {response.status_code for response in probes} == {200}
    assert paused.status_code == 429
    assert paused["Retry-After"] == "3600"
    assert PAUSED in paused.text
    # Paused before the lookup: the answer says nothing of the address.
    assert "No other portal user" not in paused.text
    assert not DwellingAccess.objects.exists()


def test_grants_that_work_count_too(
    client, resident, carer, neighbour, billed_dwelling
):
    client.force_login(resident)
    for number in range(GRANTS.most):
        level = AccessLevel.VIEW if number % 2 else AccessLevel.VIEW_AND_PAY
        grant(client, billed_dwelling, "maria@example.org", level)

    paused = grant(client, billed_dwelling, "petro@example.org")

    assert paused.status_code == 429
    assert list(DwellingAccess.objects.values_list("user", flat=True)) == [carer.pk]


def test_the_pause_covers_the_owners_other_dwellings(
    client, resident, carer, billed_dwelling, neighbours_dwelling
):
    neighbours_dwelling.residents.add(resident)
    client.force_login(resident)
    probe(client, billed_dwelling, GRANTS.most)

    paused = grant(client, neighbours_dwelling, "maria@example.org")

    assert paused.status_code == 429
    assert not DwellingAccess.objects.exists()


def test_the_limit_is_each_owners_own(
    client, resident, neighbour, carer, billed_dwelling, neighbours_dwelling
):
    client.force_login(resident)
    probe(client, billed_dwelling, GRANTS.most)
    client.force_login(neighbour)

    granted = grant(client, neighbours_dwelling, "maria@example.org")

    assert granted.status_code == 302
    assert DwellingAccess.objects.get().dwelling == neighbours_dwelling


def test_a_paused_owner_still_sees_and_withdraws_access(
    client, resident, carer, billed_dwelling
):
    client.force_login(resident)
    grant(client, billed_dwelling, "maria@example.org")
    probe(client, billed_dwelling, GRANTS.most - 1)
    delegation = DwellingAccess.objects.get()

    page = client.get(reverse("billing:dwelling_access", args=[billed_dwelling.pk]))
    withdrawn = client.post(
        reverse("billing:withdraw_access", args=[billed_dwelling.pk, delegation.pk])
    )

    assert page.status_code == 200
    assert withdrawn.status_code == 302
    assert not DwellingAccess.objects.exists()


def test_strangers_posting_to_the_form_get_404_and_spend_nothing(
    client, resident, neighbour, billed_dwelling
):
    client.force_login(neighbour)

    refused = probe(client, billed_dwelling, GRANTS.most)
    client.force_login(resident)
    granted = grant(client, billed_dwelling, "petro@example.org")

    assert {response.status_code for response in refused} == {404}
    assert granted.status_code == 302


def test_grants_work_again_once_the_window_passes(
    client, resident, carer, billed_dwelling
):
    client.force_login(resident)
    probe(client, billed_dwelling, GRANTS.most)

    # The window passing is the counters expiring.
    cache.clear()
    granted = grant(client, billed_dwelling, "maria@example.org")

    assert granted.status_code == 302
