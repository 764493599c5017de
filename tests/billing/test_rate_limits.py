"""Issuing settlement certificates is limited per user, and checking unknown
certificate codes per client address; a resident or a visitor who uses them
as intended never meets either limit."""

from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from plugins.billing import documents
from plugins.billing.models import SettlementCertificate
from plugins.billing.views_documents import ISSUED, UNKNOWN_CODES

pytestmark = pytest.mark.django_db

ISSUE_PAUSED = (
    "Ви замовили забагато довідок за короткий час. Наступну довідку можна буде "
    "замовити не пізніше ніж через 60 хвилин; уже видані довідки залишаються "
    "чинними."
)
CHECK_PAUSED = (
    "З вашої мережі перевірили забагато невідомих кодів довідок. Перевірку "
    "призупинено щонайбільше на 15 хвилин; спробуйте пізніше."
)


def issue(client, dwelling, as_of="2026-11-30"):
    url = reverse("billing:certificate_issue", args=[dwelling.pk])
    return client.post(url, {"as_of": as_of})


def check(client, code, address="198.51.100.7", **headers):
    url = reverse("billing:certificate_check", args=[code])
    return client.get(url, REMOTE_ADDR=address, **headers)


@pytest.fixture
def certificate(billed_dwelling, resident):
    return documents.issue_certificate(
        billed_dwelling, resident, date(2026, 11, 30), today=date(2026, 12, 20)
    )


def test_a_resident_gets_every_certificate_up_to_the_limit(
    client, resident, billed_dwelling
):
    client.force_login(resident)

    responses = [issue(client, billed_dwelling) for _ in range(ISSUED.most)]

    assert {response.status_code for response in responses} == {302}
    assert SettlementCertificate.objects.count() == ISSUED.most


def test_one_more_certificate_waits_with_a_message_in_ukrainian(
    client, resident, billed_dwelling
):
    client.force_login(resident)
    for _ in range(ISSUED.most):
        issue(client, billed_dwelling)

    refused = issue(client, billed_dwelling)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert ISSUE_PAUSED in refused.text
    assert SettlementCertificate.objects.count() == ISSUED.most


def test_the_limit_is_each_users_own(
    client, resident, neighbour, billed_dwelling, neighbours_dwelling
):
    client.force_login(resident)
    for _ in range(ISSUED.most):
        issue(client, billed_dwelling)
    client.force_login(neighbour)

    response = issue(client, neighbours_dwelling)

    assert response.status_code == 302


def test_a_refused_date_does_not_count(client, resident, billed_dwelling):
    client.force_login(resident)
    for _ in range(ISSUED.most):
        issue(client, billed_dwelling, as_of="2001-01-31")

    response = issue(client, billed_dwelling)

    assert response.status_code == 302


def test_certificates_are_issued_again_once_the_window_passes(
    client, resident, billed_dwelling
):
    client.force_login(resident)
    for _ in range(ISSUED.most + 1):
        issue(client, billed_dwelling)

    # The window passing is the counters expiring.
    cache.clear()
    response = issue(client, billed_dwelling)

    assert response.status_code == 302


def test_checking_real_codes_is_never_limited(certificate):
    visitor = Client()

    responses = [
        check(visitor, certificate.code) for _ in range(UNKNOWN_CODES.most + 5)
    ]

    assert {response.status_code for response in responses} == {200}
    assert "Перевірка довідки" in responses[-1].text


def test_unknown_codes_pause_the_checks_of_that_address(certificate):
    visitor = Client()
    misses = [check(visitor, f"NOSUCHCODE{n}") for n in range(UNKNOWN_CODES.most)]

    paused = check(visitor, certificate.code)

    assert {response.status_code for response in misses} == {404}
    assert paused.status_code == 429
    assert paused["Retry-After"] == "900"
    assert CHECK_PAUSED in paused.text
    assert "вул. Соборна" not in paused.text


def test_other_addresses_check_as_usual(certificate):
    visitor = Client()
    for number in range(UNKNOWN_CODES.most):
        check(visitor, f"NOSUCHCODE{number}")

    response = check(visitor, certificate.code, address="203.0.113.20")

    assert response.status_code == 200


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_each_forwarded_address_counts_apart(certificate):
    visitor = Client()
    for number in range(UNKNOWN_CODES.most):
        check(
            visitor,
            f"NOSUCHCODE{number}",
            address="10.0.0.2",
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )

    same = check(
        visitor,
        certificate.code,
        address="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    other = check(
        visitor,
        certificate.code,
        address="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.20",
    )

    assert same.status_code == 429
    assert other.status_code == 200
