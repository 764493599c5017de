"""What billing tells other offices of a dwelling: its street among the rest,
so they can sort their own records by street without reading billing tables."""

import pytest

from plugins.billing import services

pytestmark = pytest.mark.django_db


def test_the_summary_names_the_street_apart_from_the_address(billed_dwelling):
    summary = services.dwelling_summary(billed_dwelling)

    assert summary["street"] == "вул. Соборна"
    assert summary["address"] == "вул. Соборна, 12, кв. 5"


def test_the_summary_lists_each_service_billed_last(billed_dwelling):
    summary = services.dwelling_summary(billed_dwelling)

    assert [row["service"] for row in summary["services"]] == [
        "water_supply",
        "sewerage",
    ]
    assert {row["month"] for row in summary["services"]} == {"2026-11-01"}
