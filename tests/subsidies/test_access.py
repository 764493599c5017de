"""Only the applicant and the social-protection office open an application
and its documents; another resident or an editor is told there is none."""

import pytest
from django.core.files.base import ContentFile
from django.http import Http404
from django.utils import timezone

from plugins.subsidies.access import application_for, document_for
from plugins.subsidies.models import SubsidyDocument

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def document(application):
    return SubsidyDocument.objects.create(
        application=application,
        title="Паспорт",
        file=ContentFile(PNG, name="passport.png"),
        content_type="image/png",
        size=len(PNG),
    )


def test_the_applicant_and_the_office_open_the_application_and_its_documents(
    application, document, resident, office_member
):
    application.submitted_at = timezone.now()
    application.save()

    for user in (resident, office_member):
        assert application_for(user, application.pk) == application
        assert document_for(user, document.pk) == document


@pytest.mark.parametrize("who", ["neighbour", "editor"])
def test_anyone_else_is_told_there_is_none(request, who, application, document):
    user = request.getfixturevalue(who)

    with pytest.raises(Http404):
        application_for(user, application.pk)
    with pytest.raises(Http404):
        document_for(user, document.pk)


def test_the_office_does_not_see_a_draft_never_sent(
    application, document, resident, office_member
):
    application.submitted_at = None
    application.save()

    assert application_for(resident, application.pk) == application
    with pytest.raises(Http404):
        application_for(office_member, application.pk)
    with pytest.raises(Http404):
        document_for(office_member, document.pk)
