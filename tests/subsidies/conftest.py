"""An application of Olena's flat, the social-protection office's people, and an
editor who is not one of them."""

from datetime import date

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from plugins.subsidies.choices import Relation
from plugins.subsidies.models import HouseholdMember, SubsidyApplication
from plugins.subsidies.staff import social_protection_group
from tests.billing.conftest import flat_with_account, neighbour, resident  # noqa: F401


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Sending an application stores its forms; each test keeps its own."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


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
    user = django_user_model.objects.create_user(username="editor", password="x")
    editors = Group.objects.create(name="Editors of the test")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(editors)
    return user


@pytest.fixture
def office_member(django_user_model):
    user = django_user_model.objects.create_user(username="office", password="x")
    user.groups.add(social_protection_group())
    return user
