"""An application of Olena's flat, and a member of the social-protection office."""

import pytest
from django.contrib.auth.models import Permission

from plugins.subsidies.models import SubsidyApplication
from tests.billing.conftest import flat_with_account, neighbour, resident  # noqa: F401


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
    return SubsidyApplication.objects.create(dwelling=flat, applicant=resident)


@pytest.fixture
def officer(django_user_model):
    user = django_user_model.objects.create_user(
        username="officer", email="officer@example.org", password="x"
    )
    user.user_permissions.add(
        Permission.objects.get(codename="change_subsidyapplication")
    )
    return user
