"""Fixtures of the crash tests: the billing, payments and subsidies fixtures
they reuse, built there and never taken from the demo seed."""

from tests.billing.conftest import good_export, neighbour, private_cache  # noqa: F401
from tests.payments.conftest import dwelling, gateway, payment, resident  # noqa: F401
from tests.subsidies.conftest import application, flat, officer  # noqa: F401
