"""Everyone but the applicant tries every resident page of Olena's
application: another resident, an editor, a delegate of her flat and the
social-protection office. Each is told there is no such application (404),
changes nothing, and an anonymous visitor is sent to log in."""

import pytest
from django.urls import reverse

from plugins.billing.models import AccessLevel, DwellingAccess
from plugins.subsidies import workflow
from plugins.subsidies.choices import ApplicationStatus, FormKind, Relation
from plugins.subsidies.models import HouseholdMember, SubsidyApplication
from tests.subsidies.conftest import make_document

pytestmark = pytest.mark.django_db

STRANGERS = ["neighbour", "editor", "delegate", "office_member"]


@pytest.fixture
def delegate(django_user_model, flat, resident):
    """Olena's son, let in to see and pay the flat's bills."""
    user = django_user_model.objects.create_user(username="son", password="x")
    DwellingAccess.objects.create(
        dwelling=flat, user=user, level=AccessLevel.VIEW_AND_PAY, granted_by=resident
    )
    return user


@pytest.fixture
def household(application):
    """Olena's application with her husband and a document of his."""
    husband = HouseholdMember.objects.create(
        application=application,
        full_name="Коваленко Іван Петрович",
        birth_date="1965-05-01",
        relation=Relation.SPOUSE,
        rnokpp="1759013776",
    )
    document = make_document(application, member=husband)
    return application, husband, document


def resident_pages(application, member, document):
    """Every resident URL of the application, read and posted."""
    pk = application.pk
    names = [
        "detail",
        "withdraw",
        "step_dwelling",
        "step_members",
        "step_incomes",
        "step_property",
        "step_documents",
        "step_review",
    ]
    urls = [reverse(f"subsidies:{name}", args=[pk]) for name in names]
    urls += [
        reverse("subsidies:member_edit", args=[pk, member.pk]),
        reverse("subsidies:member_remove", args=[pk, member.pk]),
        reverse("subsidies:document_remove", args=[pk, document.pk]),
    ]
    return urls


def posts(application, member):
    """What a stranger would post to each page: enough to change something
    if the page took it."""
    return {
        "full_name": "Зловмисник Сторонній",
        "birth_date": "1990-01-01",
        "relation": Relation.OTHER,
        "rnokpp": "1759013776",
        "registered_here": "on",
        "title": "Чуже",
        "consent": "on",
        "reason": "чужими руками",
        "has_other_property": "yes",
        "property_details": "вілла",
        "has_large_purchases": "no",
        f"member-{member.pk}-salary": "99999",
    }


def snapshot(application):
    application.refresh_from_db()
    return (
        application.status,
        application.has_other_property,
        application.consent_at,
        list(application.members.values_list("pk", "full_name", "birth_date")),
        list(application.documents.values_list("pk", flat=True)),
        list(application.members.values_list("incomes__kind", "incomes__amount")),
    )


@pytest.mark.parametrize("status", [ApplicationStatus.DRAFT, "sent"])
@pytest.mark.parametrize("who", STRANGERS)
def test_strangers_are_told_there_is_none_and_change_nothing(
    request, client, who, status, household, resident
):
    application, member, document = household
    if status == "sent":
        application = workflow.submit(application, resident)
    before = snapshot(application)
    client.force_login(request.getfixturevalue(who))

    for url in resident_pages(application, member, document):
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, posts(application, member)).status_code in (404, 405), (
            url
        )

    assert snapshot(application) == before


@pytest.mark.parametrize("who", STRANGERS)
def test_strangers_start_no_application_for_the_flat(request, client, who, flat):
    client.force_login(request.getfixturevalue(who))

    response = client.post(reverse("subsidies:start", args=[flat.pk]))

    assert response.status_code == 404
    assert not SubsidyApplication.objects.filter(dwelling=flat).exists()


@pytest.mark.parametrize("who", ["neighbour", "editor", "delegate"])
def test_strangers_open_no_document_or_form_even_once_sent(
    request, client, who, household, resident
):
    application, _member, document = household
    application = workflow.submit(application, resident)
    client.force_login(request.getfixturevalue(who))

    assert (
        client.get(reverse("subsidies:document", args=[document.pk])).status_code == 404
    )
    for form in application.submitted_forms.all():
        url = reverse("subsidies:form_pdf", args=[application.pk, form.pk])
        assert client.get(url).status_code == 404


def test_the_office_opens_no_document_of_a_draft(client, office_member, household):
    _application, _member, document = household
    client.force_login(office_member)

    response = client.get(reverse("subsidies:document", args=[document.pk]))

    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in_everywhere(
    client, household, resident, flat
):
    application, member, document = household
    application = workflow.submit(application, resident)
    form = application.submitted_forms.get(kind=FormKind.APPLICATION)
    urls = resident_pages(application, member, document) + [
        reverse("subsidies:index"),
        reverse("subsidies:document", args=[document.pk]),
        reverse("subsidies:form_pdf", args=[application.pk, form.pk]),
        reverse("notifications:index"),
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 405), url
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("account_login")), url
    response = client.post(reverse("subsidies:start", args=[flat.pk]))
    assert response["Location"].startswith(reverse("account_login"))
    assert SubsidyApplication.objects.count() == 1
