"""The generated forms reach the applicant and the social-protection office
only, as PDFs no shared cache keeps."""

import pytest
from django.urls import reverse

from plugins.subsidies import workflow
from plugins.subsidies.choices import FormKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(application, resident):
    return workflow.submit(application, resident)


def form_url(application, kind):
    form = application.submitted_forms.get(kind=kind)
    return reverse("subsidies:form_pdf", args=[application.pk, form.pk])


@pytest.mark.parametrize("who", ["resident", "office_member"])
@pytest.mark.parametrize("kind", list(FormKind))
def test_the_applicant_and_the_office_open_the_forms(request, client, who, kind, sent):
    client.force_login(request.getfixturevalue(who))

    response = client.get(form_url(sent, kind))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private"
    assert response["Content-Disposition"].startswith(
        f'inline; filename="subsidy-{kind}-{sent.pk}-'
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("who", ["neighbour", "editor"])
def test_another_resident_or_an_editor_is_told_there_is_none(
    request, client, who, sent
):
    client.force_login(request.getfixturevalue(who))

    for kind in FormKind:
        assert client.get(form_url(sent, kind)).status_code == 404


def test_an_anonymous_visitor_is_asked_to_log_in(client, sent):
    url = form_url(sent, FormKind.APPLICATION)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_a_form_is_opened_only_under_its_own_application(client, sent, resident, flat):
    other = sent.__class__.objects.create(dwelling=flat, applicant=resident)
    form = sent.submitted_forms.first()
    client.force_login(resident)

    response = client.get(reverse("subsidies:form_pdf", args=[other.pk, form.pk]))

    assert response.status_code == 404
