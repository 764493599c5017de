"""An application of Olena's flat, a member of the social-protection office,
an editor, and a place of each test's own for the uploaded documents and the
generated forms."""

from datetime import date

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from plugins.subsidies.choices import Relation
from plugins.subsidies.models import (
    HouseholdMember,
    SubsidyApplication,
    SubsidyDocument,
)
from tests.billing.conftest import (  # noqa: F401
    flat_with_account,
    neighbour,
    neighbours_dwelling,
    resident,
)


@pytest.fixture
def flat(resident, water_provider):  # noqa: F811
    dwelling, _account = flat_with_account(
        resident,
        water_provider,
        apartment="5",
        area="52.40",
        persons=2,
        number="100234",
        access_code="4821",
        payer="Коваленко Олена Іванівна",
    )
    return dwelling


@pytest.fixture
def application(resident, flat):  # noqa: F811
    """Olena's application, complete enough to send: she is its applicant with
    a valid РНОКПП, both questions are answered and consent is given."""
    application = SubsidyApplication.objects.create(
        dwelling=flat,
        applicant=resident,
        has_other_property=False,
        has_large_purchases=False,
        consent_at=timezone.now(),
    )
    HouseholdMember.objects.create(
        application=application,
        full_name="Коваленко Олена Іванівна",
        birth_date=date(1968, 2, 25),
        relation=Relation.APPLICANT,
        rnokpp="1759013776",
    )
    return application


@pytest.fixture
def officer(django_user_model):
    user = django_user_model.objects.create_user(
        username="officer", email="officer@example.org", password="x"
    )
    user.user_permissions.add(
        Permission.objects.get(codename="change_subsidyapplication")
    )
    return user


@pytest.fixture
def editor(django_user_model):
    """A CMS editor: the admin, but nothing of the subsidies."""
    user = django_user_model.objects.create_user(username="editor", password="x")
    editors = Group.objects.create(name="Editors of the test")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(editors)
    return user


@pytest.fixture
def office_member(django_user_model):
    """A member of the social-protection office's group."""
    from plugins.subsidies.staff import social_protection_group

    user = django_user_model.objects.create_user(username="office", password="x")
    user.groups.add(social_protection_group())
    return user


@pytest.fixture(autouse=True)
def private_files(tmp_path, settings):
    """Uploaded documents and generated forms go to the test's own folder,
    never to var/private: the private storage follows the setting."""
    folder = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT = folder
    return folder


def png_bytes():
    """A real, tiny PNG image."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def make_document(application, title="Паспорт", member=None, data=None):
    from django.core.files.base import ContentFile

    data = data or png_bytes()
    return SubsidyDocument.objects.create(
        application=application,
        member=member,
        title=title,
        file=ContentFile(data, name="scan.png"),
        content_type="image/png",
        size=len(data),
    )


def set_status(application, status):
    SubsidyApplication.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application
