"""Linking a dwelling by account number and access code, and unlinking it."""

import logging

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from plugins.billing import linking

pytestmark = pytest.mark.django_db

LINK_URL = reverse("billing:link_dwelling")
REFUSED = "Номер рахунку та код доступу не збігаються"
USER_PAUSED = (
    "Ви ввели забагато неправильних кодів доступу. З міркувань безпеки додати "
    "помешкання можна буде не пізніше ніж через 15 хвилин."
)
ACCOUNT_PAUSED = (
    "Для цього номера рахунку останнім часом ввели забагато неправильних кодів "
    "доступу. Щоб захистити його, додавання за ним призупинено для всіх "
    "щонайбільше на 60 хвилин; спробуйте пізніше."
)


def unlink_url(dwelling):
    return reverse("billing:unlink_dwelling", args=[dwelling.pk])


def attempt(client, provider, number="100235", code="7390"):
    data = {"provider": provider.pk, "number": number, "code": code}
    return client.post(LINK_URL, data)


def test_the_right_code_links_the_dwelling(
    client, resident, water_provider, neighbours_dwelling, caplog
):
    client.force_login(resident)

    with caplog.at_level(logging.INFO, logger="plugins.billing.linking"):
        response = attempt(client, water_provider)

    assert response.status_code == 302
    assert response.url == reverse("billing:dwelling", args=[neighbours_dwelling.pk])
    assert resident in neighbours_dwelling.residents.all()
    assert f"linked dwelling {neighbours_dwelling.pk}" in caplog.text
    assert "100235" not in caplog.text and "7390" not in caplog.text


def test_co_owners_keep_each_their_link(
    client, resident, neighbour, water_provider, neighbours_dwelling
):
    client.force_login(resident)

    attempt(client, water_provider)

    assert set(neighbours_dwelling.residents.all()) == {resident, neighbour}


def test_a_wrong_code_is_refused(client, resident, water_provider, neighbours_dwelling):
    client.force_login(resident)

    response = attempt(client, water_provider, code="0000")

    assert response.status_code == 200
    assert REFUSED in response.text
    assert resident not in neighbours_dwelling.residents.all()


def test_an_unknown_account_gets_the_same_message(
    client, resident, water_provider, neighbours_dwelling
):
    client.force_login(resident)
    wrong_code = attempt(client, water_provider, code="0000")

    unknown = attempt(client, water_provider, number="999999")

    assert unknown.status_code == 200
    assert wrong_code.context["form"].non_field_errors() == (
        unknown.context["form"].non_field_errors()
    )


def test_the_sixth_attempt_waits_even_with_the_right_code(
    client, resident, water_provider, neighbours_dwelling
):
    client.force_login(resident)
    for _ in range(linking.USER_FAILURES.most):
        attempt(client, water_provider, code="0000")

    paused = attempt(client, water_provider)

    assert paused.status_code == 429
    assert paused["Retry-After"] == "900"
    assert USER_PAUSED in paused.text
    assert resident not in neighbours_dwelling.residents.all()

    # The window passing is the counters expiring.
    cache.clear()
    after = attempt(client, water_provider)

    assert after.status_code == 302
    assert resident in neighbours_dwelling.residents.all()


def test_a_paused_user_cannot_link_another_account_either(
    client, resident, water_provider, neighbours_dwelling, billed_dwelling
):
    billed_dwelling.residents.remove(resident)
    client.force_login(resident)
    for _ in range(linking.USER_FAILURES.most):
        attempt(client, water_provider, code="0000")

    paused = attempt(client, water_provider, number="100234", code="4821")

    assert paused.status_code == 429
    assert resident not in billed_dwelling.residents.all()


def test_the_owner_links_right_after_someone_elses_failures(
    client, resident, django_user_model, water_provider, neighbours_dwelling
):
    guesser = django_user_model.objects.create_user(username="guesser")
    client.force_login(guesser)
    for index in range(linking.USER_FAILURES.most):
        attempt(client, water_provider, code=f"000{index}")
    client.force_login(resident)

    linked = attempt(client, water_provider)

    assert linked.status_code == 302
    assert resident in neighbours_dwelling.residents.all()


def guess_from_many_users(client, django_user_model, provider, number, failures):
    """``failures`` wrong codes for one account, each user stopping at their limit."""
    for index in range(failures):
        if index % linking.USER_FAILURES.most == 0:
            guesser = django_user_model.objects.create_user(
                username=f"guesser-{number}-{index}"
            )
            client.force_login(guesser)
        assert REFUSED in attempt(client, provider, number, code=f"{index:04}").text


def test_an_account_guessed_at_by_many_users_is_paused_for_all(
    client, resident, django_user_model, water_provider, neighbours_dwelling, caplog
):
    most = linking.ACCOUNT_FAILURES.most
    with caplog.at_level(logging.INFO, logger="plugins.billing.linking"):
        guess_from_many_users(client, django_user_model, water_provider, "100235", most)
    client.force_login(resident)

    paused = attempt(client, water_provider)

    assert paused.status_code == 429
    assert paused["Retry-After"] == "3600"
    assert ACCOUNT_PAUSED in paused.text
    assert resident not in neighbours_dwelling.residents.all()
    assert "linking paused after 20 wrong codes" in caplog.text
    assert "100235" not in caplog.text


def test_one_failure_short_of_the_ceiling_the_owner_still_links(
    client, resident, django_user_model, water_provider, neighbours_dwelling
):
    most = linking.ACCOUNT_FAILURES.most
    guess_from_many_users(client, django_user_model, water_provider, "100235", most - 1)
    client.force_login(resident)

    linked = attempt(client, water_provider)

    assert linked.status_code == 302


def test_an_unknown_account_is_paused_like_a_real_one(
    client, resident, django_user_model, water_provider, neighbours_dwelling
):
    most = linking.ACCOUNT_FAILURES.most
    guess_from_many_users(client, django_user_model, water_provider, "100235", most)
    guess_from_many_users(client, django_user_model, water_provider, "999999", most)
    client.force_login(resident)

    real = attempt(client, water_provider, number="100235")
    unknown = attempt(client, water_provider, number="999999")

    assert (real.status_code, unknown.status_code) == (429, 429)
    assert real.context["form"].non_field_errors() == (
        unknown.context["form"].non_field_errors()
    )


def test_a_paused_account_leaves_other_accounts_open(
    client, resident, django_user_model, water_provider, neighbours_dwelling
):
    most = linking.ACCOUNT_FAILURES.most
    guess_from_many_users(client, django_user_model, water_provider, "999999", most)
    client.force_login(resident)

    linked = attempt(client, water_provider)

    assert linked.status_code == 302


def test_unlinking_asks_first(client, resident, billed_dwelling):
    client.force_login(resident)

    response = client.get(unlink_url(billed_dwelling))

    assert response.status_code == 200
    assert resident in billed_dwelling.residents.all()


def test_unlinking_removes_only_this_user(
    client, resident, neighbour, billed_dwelling, neighbours_dwelling, caplog
):
    billed_dwelling.residents.add(neighbour)
    client.force_login(resident)

    with caplog.at_level(logging.INFO, logger="plugins.billing.linking"):
        response = client.post(unlink_url(billed_dwelling))

    assert response.status_code == 302
    assert list(billed_dwelling.residents.all()) == [neighbour]
    assert list(neighbours_dwelling.residents.all()) == [neighbour]
    assert f"unlinked dwelling {billed_dwelling.pk}" in caplog.text


def test_another_residents_dwelling_cannot_be_unlinked(
    client, resident, neighbours_dwelling
):
    client.force_login(resident)

    response = client.post(unlink_url(neighbours_dwelling))

    assert response.status_code == 404


@pytest.mark.parametrize("url_of", [lambda d: LINK_URL, unlink_url])
def test_posts_need_the_csrf_token(resident, billed_dwelling, water_provider, url_of):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)

    response = client.post(
        url_of(billed_dwelling),
        {"provider": water_provider.pk, "number": "100234", "code": "4821"},
    )

    assert response.status_code == 403
    assert resident in billed_dwelling.residents.all()


@pytest.mark.parametrize("url_of", [lambda d: LINK_URL, unlink_url])
def test_anonymous_visitors_are_sent_to_log_in(client, billed_dwelling, url_of):
    response = client.get(url_of(billed_dwelling))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_empty_cabinet_explains_where_the_codes_are(client, resident):
    client.force_login(resident)

    response = client.get(reverse("billing:cabinet"))

    assert LINK_URL in response.text
    assert "Додати помешкання" in response.text
    assert "код доступу" in response.text
