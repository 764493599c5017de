"""Residents of the forum; built here, never taken from the demo."""

import pytest
from django.contrib.auth import get_user_model


def make_user(name, email):
    return get_user_model().objects.create_user(
        username=email, email=email, password="secret-pass", display_name=name
    )


@pytest.fixture
def olena(db):
    return make_user("Олена К.", "olena@example.test")


@pytest.fixture
def petro(db):
    return make_user("Петро С.", "petro@example.test")
