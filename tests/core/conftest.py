"""Fixtures of the core's sign-in tests: a resident who signs in with allauth."""

import pytest
from allauth.account.models import EmailAddress

RESIDENT_EMAIL = "olena@example.org"
RESIDENT_PASSWORD = "old-secret-pass-1"


@pytest.fixture
def signing_resident(django_user_model):
    """A resident with a verified e-mail address, as allauth signs in."""
    user = django_user_model.objects.create_user(
        username="olena", email=RESIDENT_EMAIL, password=RESIDENT_PASSWORD
    )
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user
