"""Residents who write to each other; built here, never taken from the demo."""

import pytest

from tests.conftest import make_user


@pytest.fixture
def stranger(db):
    return make_user("Ігор Н.", "igor@example.test")
