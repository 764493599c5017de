"""A billing import writes with SQL, past the signals the site-wide search
follows: it says what it wrote, and nothing of it is ever indexed."""

import pytest

from plugins.billing import services
from plugins.billing.models import Charge, Dwelling, PersonalAccount
from search import sync

pytestmark = pytest.mark.django_db


def test_an_import_tells_the_search_and_the_search_refreshes_nothing(
    water_provider, good_export, monkeypatch
):
    told = []

    def spy(*models):
        refreshed = sync.changed_in_bulk(*models)
        told.append((models, refreshed))
        return refreshed

    monkeypatch.setattr("plugins.billing.imports.changed_in_bulk", spy)

    report = services.import_billing_export(
        water_provider, good_export, "pvk-2026-11.csv"
    )

    assert not report.rejected
    ((models, refreshed),) = told
    assert {Dwelling, PersonalAccount, Charge} <= set(models)
    assert refreshed == []
