"""No one sees what is not theirs: every address of the portal, requested as
each kind of person, answers as the table in access_rules.py says.

The addresses come from walking the URL conf, so a new view is in the matrix
the moment it is mounted, and the walk fails until the table says who may
see it.
"""

from fnmatch import fnmatchcase

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import override_settings
from django.urls import Resolver404, path, resolve

from tests.security import access_rules
from tests.security.access_rules import ANONYMOUS, MISSING, ROLES, rule_for
from tests.security.conftest import sample_addresses
from tests.security.patterns import filled, walk

PLACEHOLDER_ANSWERS = {MISSING, access_rules.REDIRECT, access_rules.NOT_ALLOWED}
LOGIN_PATHS = ("/accounts/login/", "/admin/login/", "/en/accounts/login/")
ADMIN_HOME = "/admin/"


def outcome(response):
    """What an answer comes to for the person who asked (access_rules)."""
    status = response.status_code
    if status == 302:
        target = response["Location"].split("?")[0]
        if target.startswith(LOGIN_PATHS):
            return access_rules.LOGIN
        if target == ADMIN_HOME:
            return access_rules.REFUSED
        return access_rules.REDIRECT
    return {
        403: access_rules.REFUSED,
        404: access_rules.MISSING,
        405: access_rules.NOT_ALLOWED,
        400: access_rules.BAD,
    }.get(status, access_rules.SHOWN if status < 300 else access_rules.FAILED)


def addresses(city):
    """(key, address, sampled) for every pattern: its sample when the matrix
    has one, else the route filled with placeholders."""
    samples = sample_addresses(city)
    for pattern in walk():
        if pattern.key in samples:
            yield pattern, samples[pattern.key], True
        elif pattern.key not in access_rules.SHADOWED:
            yield pattern, filled(pattern.route), False


def lands_elsewhere(address, pattern):
    """Whether a filled route reaches another pattern than its own: it would
    test that one twice and its own never."""
    try:
        found = resolve(address)
    except Resolver404:
        return True
    same_route = found.route == pattern.route.replace("^", "").replace("$", "")
    return not same_route and found.func != pattern.view


def uncovered():
    """The patterns of the URL conf in use that no rule covers."""
    return [pattern.key for pattern in walk() if rule_for(pattern.key) is None]


def test_every_pattern_has_a_rule():
    assert uncovered() == [], "say who may see these in access_rules.RULES"


def test_every_rule_matches_a_pattern():
    keys = [p.key for p in walk()]

    stale = [
        pattern
        for pattern, _rule in access_rules.RULES
        if not any(fnmatchcase(key, pattern) for key in keys)
    ]

    assert stale == []
    assert set(access_rules.SHADOWED) - set(keys) == set()


# A view mounted by someone who forgot the table: the walk must name it.
urlpatterns = [path("forgotten/<int:pk>/", lambda request, pk: None, name="forgotten")]


def test_a_new_view_missing_from_the_table_is_reported():
    with override_settings(ROOT_URLCONF=__name__):
        reported = uncovered()

    assert reported == ["forgotten"]


@pytest.mark.parametrize("role", ROLES)
def test_each_address_answers_each_role_as_the_table_says(client, city, role):
    # A view that fails is a finding like any other, not the end of the walk.
    client.raise_request_exception = False
    if role != ANONYMOUS:
        client.force_login(city.people[role])

    wrong = []
    for pattern, address, sampled in addresses(city):
        rule = rule_for(pattern.key)
        if not sampled and lands_elsewhere(address, pattern):
            wrong.append(f"{pattern.key} {address}: reaches another view")
            continue
        if not sampled and role in rule.allowed:
            # A placeholder number names nothing: a 404 would teach nothing.
            continue
        expected = rule.expected(role)
        if not sampled:
            # A placeholder names nothing: whatever the view answers, it must
            # not show anything.
            expected = expected | PLACEHOLDER_ANSWERS
        got = outcome(client.get(address))
        if got not in expected:
            wrong.append(f"GET {address} ({pattern.key}): {got}, not {expected}")
        if rule.post_only and role not in rule.allowed:
            expected = rule.expected_on_post(role)
            got = outcome(client.post(address))
            if got not in expected:
                wrong.append(f"POST {address} ({pattern.key}): {got}, not {expected}")
        if role != ANONYMOUS and SESSION_KEY not in client.session:
            # Some addresses end the session (Wagtail's sign-out): sign in
            # again, so the rest of the walk is still this role's.
            client.force_login(city.people[role])

    assert wrong == [], "\n".join(wrong)


def test_every_sample_names_a_pattern(city):
    """A misspelt sample would leave its pattern to a placeholder unnoticed."""
    keys = {pattern.key for pattern in walk()}

    assert set(sample_addresses(city)) - keys == set()
