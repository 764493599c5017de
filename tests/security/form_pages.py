"""Every form of the portal, found by opening each page of the URL conf as
someone the access table lets in, the way a resident would come upon it."""

from fnmatch import fnmatchcase

from django.contrib.auth import SESSION_KEY

from tests.security import access_rules as roles
from tests.security.access_rules import rule_for
from tests.security.conftest import sample_addresses
from tests.security.html_forms import forms_of
from tests.security.patterns import filled, walk

# The admin has hundreds of editing screens, Wagtail's own: two stand for
# them, with every screen of the plugins where staff type or filter.
ADMIN_SAMPLES = (
    "wagtailsnippets_directory_provider:edit",
    "wagtailadmin_pages:edit",
    "subsidies_applications_modeladmin_*",
    "billing_*",
    "meters:*",
    "provider_staff:*",
    "forum_representatives:*",
    "messaging_reports",
    "forum_post_reports",
    "audit_log:*",
)
# Who opens a page the table lets several in: a resident first, as the
# cabinet is theirs, then the staff whose screens these are.
PREFERENCE = (
    roles.RESIDENT_A,
    roles.SOCIAL,
    roles.MODERATOR,
    roles.PROVIDER_STAFF,
    roles.EDITOR,
    roles.SUPERUSER,
)
# Pages no pattern of their own reaches: the home page with its search box.
EXTRA_PAGES = ("/",)
# Forms found elsewhere that act at once, whatever is typed: signing out.
ACTIONS = ("/accounts/logout/", "/admin/logout/", "/kiosk/finish/")


def pages(city):
    """(role, address) for every page to look for forms on, with the city's
    own ``extra_pages`` (a draft's steps, which no sample names)."""
    samples = sample_addresses(city)
    for pattern in walk():
        rule = rule_for(pattern.key)
        if rule is None or rule.post_only or _admin_skipped(pattern):
            continue
        if pattern.key in samples:
            address = samples[pattern.key]
        elif not pattern.has_parameters:
            address = filled(pattern.route)
        else:
            continue
        for role in _who_opens(rule):
            yield role, address
    for address in EXTRA_PAGES:
        yield roles.ANONYMOUS, address
        yield roles.RESIDENT_A, address
    yield from getattr(city, "extra_pages", ())


def _admin_skipped(pattern):
    if not pattern.route.startswith("admin/"):
        return False
    return not any(fnmatchcase(pattern.key, sample) for sample in ADMIN_SAMPLES)


def _who_opens(rule):
    """The public's pages as a visitor and as a resident, who see different
    forms (sign in, or a reply box); the rest as the first role let in."""
    if roles.ANONYMOUS in rule.allowed:
        return [roles.ANONYMOUS, roles.RESIDENT_A]
    return [role for role in PREFERENCE if role in rule.allowed][:1]


def found_forms(client, city):
    """(role, form) for every distinct form the pages hold."""
    seen, found = set(), []
    for role, address in pages(city):
        sign_in_as(client, city, role)
        answer = client.get(address)
        if answer.status_code != 200 or "html" not in answer.get("Content-Type", ""):
            continue
        for form in forms_of(answer.content.decode(), address):
            key = (role, *form.signature)
            if key in seen or form.action.split("?")[0] in ACTIONS:
                continue
            seen.add(key)
            if form.asks_anything:
                found.append((role, form))
    return found


def sign_in_as(client, city, role):
    """``role`` signed in, or no one, whatever the last request did."""
    if role == roles.ANONYMOUS:
        client.logout()
    elif client.session.get(SESSION_KEY) != str(city.people[role].pk):
        client.force_login(city.people[role])
