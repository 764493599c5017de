"""The billing tests' dwellings, which the web benchmark's parts are tried on."""

from tests.billing.conftest import (  # noqa: F401 -- fixtures shared by name
    billed_dwelling,
    private_cache,
    resident,
)
