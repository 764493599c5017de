"""What the matrix must keep proving, stated once more so that loosening the
table (access_rules.py) to make a failure go away fails here instead; and the
staff's lists, whose status alone would not show another provider's rows."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.access_rules import (
    ANONYMOUS,
    EDITOR,
    LOGIN,
    MISSING,
    MODERATOR,
    NOT_ALLOWED,
    PROVIDER_STAFF,
    RESIDENT_A,
    RESIDENT_B,
    SHOWN,
    SOCIAL,
    SUPERUSER,
    rule_for,
)
from tests.security.conftest import sample_addresses

# Resident A's cabinet, as resident B must never see it.
A_CABINET = [
    "billing:dwelling",
    "billing:bill",
    "billing:bill_print",
    "billing:service_history",
    "billing:payments",
    "billing:certificate",
    "billing:certificate_issue",
    "billing:readings",
    "billing:dispute_charge",
    "billing:dwelling_access",
    "billing:withdraw_access",
    "billing:unlink_dwelling",
    "payments:pay",
    "subsidies:start",
    "subsidies:detail",
    "subsidies:withdraw",
    "subsidies:document",
    "subsidies:form_pdf",
    "subsidies:step_dwelling",
    "subsidies:step_members",
    "subsidies:member_edit",
    "subsidies:step_incomes",
    "subsidies:step_property",
    "subsidies:step_documents",
    "subsidies:step_review",
    "notifications:open",
    "messaging:conversation",
    "messaging:block",
    "messaging:report",
]

BILLING_ADMIN = [
    "billing_imports:index",
    "billing_imports:upload",
    "billing_imports:inspect",
    "billing_disputes",
    "billing_bill_runs",
    "billing_grants_export",
    "billing_readings_export",
    "meters:index",
    "provider_staff:index",
]
SUBSIDY_ADMIN = [
    "subsidies_applications_modeladmin_index",
    "subsidies_applications_modeladmin_inspect",
]
PAGE_EDITING = ["wagtailadmin_explore_root", "wagtailadmin_pages:add_subpage"]


@pytest.mark.parametrize("key", A_CABINET)
def test_resident_b_finds_nothing_of_resident_a(key):
    rule = rule_for(key)

    assert rule.expected(RESIDENT_B) <= {MISSING, NOT_ALLOWED}
    assert rule.expected(ANONYMOUS) <= {LOGIN, NOT_ALLOWED}


@pytest.mark.parametrize(
    ("role", "keys"),
    [
        (EDITOR, BILLING_ADMIN + SUBSIDY_ADMIN),
        (SOCIAL, BILLING_ADMIN + PAGE_EDITING),
        (MODERATOR, BILLING_ADMIN + SUBSIDY_ADMIN + PAGE_EDITING),
        (PROVIDER_STAFF, ["billing_imports:inspect", "billing_dispute_answer"]),
    ],
)
def test_staff_are_kept_out_of_the_others_screens(role, keys):
    let_in = [key for key in keys if SHOWN in rule_for(key).expected(role)]

    assert let_in == []


def test_the_superuser_opens_every_admin_screen_but_no_residents_cabinet():
    admin_keys = BILLING_ADMIN + SUBSIDY_ADMIN + PAGE_EDITING

    assert all(SHOWN in rule_for(key).expected(SUPERUSER) for key in admin_keys)
    assert not any(SHOWN in rule_for(key).expected(SUPERUSER) for key in A_CABINET[:5])


def answer_link(dispute):
    return reverse("billing_dispute_answer", args=[dispute.pk])


def test_another_providers_staff_see_none_of_its_rows(client, city):
    """The heating utility's operator opens the lists of imports and disputes:
    the water utility's file and its resident's dispute are not on them."""
    client.force_login(city.people[PROVIDER_STAFF])

    imports = client.get(reverse("billing_imports:index"))
    disputes = client.get(reverse("billing_disputes"))

    assert imports.status_code == 200
    assert city.upload.file_name not in imports.text
    assert disputes.status_code == 200
    assert answer_link(city.dispute) not in disputes.text


def test_the_superuser_sees_those_rows(client, city):
    """The other half of the test above: the rows are there to be seen."""
    client.force_login(city.people[SUPERUSER])

    imports = client.get(reverse("billing_imports:index"))
    disputes = client.get(reverse("billing_disputes"))

    assert city.upload.file_name in imports.text
    assert answer_link(city.dispute) in disputes.text


def test_actions_refuse_a_post_without_the_csrf_token(city):
    """Another site cannot make A's browser withdraw, unlink, pay or block:
    every action on A's things wants the form's token."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(city.people[RESIDENT_A])
    samples = sample_addresses(city)
    actions = [key for key in samples if rule_for(key).post_only]

    answered = {key: client.post(samples[key]).status_code for key in actions}

    assert len(actions) >= 10
    assert answered == dict.fromkeys(actions, 403)
