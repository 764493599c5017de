"""Every form of the portal tried with bad values: all fields empty, text of
100,000 characters, invalid UTF-8, NUL characters and script.

The forms are found, not listed: each page of the URL conf is opened as
someone the access table lets in (form_pages.py), and each form it holds is
sent back with the bad values in place of what a resident would type
(bad_values.py), hidden inputs and the CSRF token as the page gave them.
No answer may be a server error, no script may come back as markup, an
empty form that requires input creates nothing, and a form refused for one
field keeps what was typed in the others.
"""

from datetime import date
from html import escape

import pytest
from django.apps import apps
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.billing.models import DisputeStatus, Meter
from plugins.subsidies import workflow
from plugins.subsidies.models import HouseholdMember, SubsidyApplication
from tests.security import access_rules as roles
from tests.security.bad_values import (
    ACTIVE_MARKUP,
    BAD_KINDS,
    files,
    multipart,
    urlencoded,
    values,
    with_one_oversize,
)
from tests.security.form_pages import found_forms, pages, sign_in_as
from tests.security.html_forms import forms_of

TRIED = ["empty", *BAD_KINDS]
# Rows a form may write as a side effect of being refused: sessions, the
# sign-in limits' counts, Wagtail's edit locks and the log of who opened a
# dwelling's page are not made of what was typed.
BOOKKEEPING = {"sessions", "admin", "contenttypes", "wagtailadmin", "account"}
BOOKKEEPING_MODELS = {"billing.AccessLogEntry"}


@pytest.fixture
def form_city(city):
    """The matrix's city with every form in reach: a meter to read, a charge
    with no open dispute, a draft application for the steps, the sent one
    taken by the office for its decision, and a display name to write with."""
    resident = city.people[roles.RESIDENT_A]
    resident.display_name = "Олена К."
    resident.save()
    city.dispute.status = DisputeStatus.ANSWERED
    city.dispute.save()
    Meter.objects.create(
        account=city.account, service=city.charge.service, serial_number="W-0001"
    )
    workflow.take(
        SubsidyApplication.objects.get(pk=city.application.pk),
        city.people[roles.SOCIAL],
    )
    city.extra_pages = list(draft_pages(city, resident))
    return city


def draft_pages(city, resident):
    draft = SubsidyApplication.objects.create(
        dwelling=city.dwelling, applicant=resident
    )
    member = HouseholdMember.objects.create(
        application=draft,
        full_name="Коваленко Олена Іванівна",
        birth_date=date(1968, 2, 25),
        relation="applicant",
        rnokpp="1759013776",
    )
    for step in ("dwelling", "members", "incomes", "property", "documents", "review"):
        yield roles.RESIDENT_A, reverse(f"subsidies:step_{step}", args=[draft.pk])
    yield roles.RESIDENT_A, reverse("subsidies:member_edit", args=[draft.pk, member.pk])


def send(client, form, pairs, uploads=()):
    """The form sent with ``pairs`` (and files), as a browser would send it
    were it not careful: raw bytes, no checks of its own."""
    if form.method == "get":
        query = urlencoded(pairs).decode()
        path = form.action.split("?")[0]
        return client.get(f"{path}?{query}")
    if form.multipart or uploads:
        content_type, body = multipart(pairs, uploads)
    else:
        content_type, body = "application/x-www-form-urlencoded", urlencoded(pairs)
    return client.generic("POST", form.action, body, content_type=content_type)


def shown_after(client, answer):
    """The answer and, after a redirect within the portal, the page it leads
    to: a value saved is shown there."""
    pages = [answer]
    location = answer.get("Location", "")
    if answer.status_code in (301, 302, 303) and location.startswith("/"):
        pages.append(client.get(location))
    return pages


def unescaped(pages):
    return [
        markup
        for page in pages
        if "html" in page.get("Content-Type", "")
        for markup in ACTIVE_MARKUP
        if markup.encode() in page.content
    ]


def own_rows():
    """How many rows each model of the portal and its engines holds."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label not in BOOKKEEPING
        and model._meta.label not in BOOKKEEPING_MODELS
        and model._meta.managed
        and not model._meta.proxy
    }


def try_form(client, city, role, form, kind):
    """What went wrong when ``form`` got ``kind`` of bad value."""
    sign_in_as(client, city, role)
    before = own_rows() if kind == "empty" and form.requires_input else None
    answer = send(client, form, values(form, kind), files(form, kind))
    where = f"{kind} → {form.method.upper()} {form.action} as {role}"
    wrong = []
    if answer.status_code >= 500:
        wrong.append(f"{where}: {answer.status_code}")
    for markup in unescaped(shown_after(client, answer)):
        wrong.append(f"{where}: {markup} shown as markup")
    if before is not None:
        after = own_rows()
        grown = {label for label, count in after.items() if count > before[label]}
        if grown:
            wrong.append(f"{where}: rows created in {sorted(grown)}")
    return wrong


def test_the_forms_are_found(client, form_city):
    """The walk reaches the forms a resident and the office type into."""
    client.raise_request_exception = False
    forms = [form for _role, form in found_forms(client, form_city)]
    actions = {form.action for form in forms}
    uploads = [form for form in forms if form.action.endswith("/documents/")]

    expected = {
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/change/",
        "/accounts/my-data/close/",
        "/cabinet/dwellings/link/",
        "/cabinet/messages/settings/",
        "/cabinet/messages/new/",
        "/search/",
        f"/cabinet/dwellings/{form_city.dwelling.pk}/readings/",
        f"/payments/dwellings/{form_city.dwelling.pk}/pay/",
    }
    assert expected - actions == set()
    assert any("/topic/create/" in action for action in actions)
    assert any("/post/create/" in action for action in actions)
    assert any("/dispute/" in action for action in actions), actions
    assert [form.multipart for form in uploads] == [True]
    assert "file" in {field.kind for field in uploads[0].fields}
    assert f"/cabinet/messages/{form_city.conversation.pk}/" in actions
    assert any("/applications/approve/" in action for action in actions), actions


def test_no_form_fails_on_bad_values(client, form_city):
    client.raise_request_exception = False
    forms = found_forms(client, form_city)

    wrong = [
        problem
        for kind in TRIED
        for role, form in forms
        for problem in try_form(client, form_city, role, form, kind)
    ]

    assert wrong == [], "\n".join(wrong)


def test_a_refused_form_keeps_the_other_fields(client, form_city):
    client.raise_request_exception = False
    forms = [
        (role, form)
        for role, form in found_forms(client, form_city)
        if form.method == "post"
        and len([f for f in form.typed_fields if f.kind != "password"]) >= 2
    ]

    lost = []
    for role, form in forms:
        sign_in_as(client, form_city, role)
        pairs, kept = with_one_oversize(form)
        answer = send(client, form, pairs)
        if answer.status_code not in (200, 400) or "html" not in answer["Content-Type"]:
            continue  # taken, or refused as a whole: nothing to keep
        page = answer.content.decode()
        lost += [
            f"{form.action} as {role}: {value!r} lost"
            for value in kept
            if escape(value) not in page and value not in page
        ]

    assert forms, "no form with two typed fields was found"
    assert lost == [], "\n".join(lost)


KIOSK = "kiosk.localhost"
KIOSK_PAGES = (
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
)


def test_the_kiosk_forms_take_bad_values(client, form_city, settings):
    """The kiosk serves its own sign-in (no «remember me») under its host."""
    settings.KIOSK_HOSTS = [KIOSK]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, KIOSK]
    client.defaults["HTTP_HOST"] = KIOSK
    client.raise_request_exception = False
    forms = {
        form.signature: form
        for page in KIOSK_PAGES
        for form in forms_of(client.get(page).content.decode(), page)
        if form.asks_anything
    }

    wrong = [
        problem
        for kind in TRIED
        for form in forms.values()
        for problem in try_form(client, form_city, roles.ANONYMOUS, form, kind)
    ]

    assert {"/accounts/login/", "/accounts/signup/", "/search/"} <= {
        form.action for form in forms.values()
    }
    assert wrong == [], "\n".join(wrong)


# Any text at all, surrogates aside (they cannot be sent as UTF-8), NULs and
# control characters included.
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)


@pytest.mark.long
def test_no_form_fails_on_generated_values(client, form_city):
    client.raise_request_exception = False
    forms = [(role, form) for role, form in found_forms(client, form_city)]
    failures = []

    @settings(
        max_examples=40,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(text=ANY_TEXT, raw=st.binary(max_size=64))
    def each_form(text, raw):
        for role, form in forms:
            sign_in_as(client, form_city, role)
            answer = send(client, form, values(form, "any", text.encode() + raw))
            if answer.status_code >= 500:
                failures.append(f"{form.method} {form.action}: {text!r} {raw!r}")

    each_form()

    assert failures == [], "\n".join(failures[:20])


# Parameters the portal's lists and screens read from the address: a search,
# a page number, where to go next, the queue's filters.
COMMON_PARAMETERS = ("q", "page", "next", "status", "assignee", "street", "o", "p")


@pytest.mark.parametrize("kind", ["nul", "invalid-utf8", "script", "oversize"])
def test_no_page_fails_on_bad_parameters_in_its_address(client, form_city, kind):
    client.raise_request_exception = False
    query = urlencoded([(name, BAD_KINDS[kind]) for name in COMMON_PARAMETERS])

    wrong = []
    for role, address in pages(form_city):
        sign_in_as(client, form_city, role)
        answer = client.get(f"{address}?{query.decode()}")
        where = f"{kind} → GET {address} as {role}"
        if answer.status_code >= 500:
            wrong.append(f"{where}: {answer.status_code}")
        wrong += [
            f"{where}: {markup} shown as markup" for markup in unescaped([answer])
        ]

    assert wrong == [], "\n".join(wrong)
