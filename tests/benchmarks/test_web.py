"""The web benchmark's own parts: reading wrk's report, the baseline view it
compares the cabinet with, and the older months it gives the resident."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from benchmarks import resident_history, views, wrk
from plugins.billing.models import Charge, Payment
from tests.billing.conftest import make_charge

# wrk pads some percentiles with a space at the end of the line.
REPORT = "\n".join(
    [
        "Running 10s test @ http://127.0.0.1:8104/cabinet/dwellings/1/",
        "  2 threads and 16 connections",
        "  Thread Stats   Avg      Stdev     Max   +/- Stdev",
        "    Latency    81.03ms   12.20ms 210.11ms   80.00%",
        "  Latency Distribution",
        "     50%  812.00us ",
        "     75%   85.10ms",
        "     90%   97.00ms",
        "     99%    1.20s ",
        "  1972 requests in 10.01s, 41.02MB read",
        "  Socket errors: connect 0, read 2, write 0, timeout 1",
        "  Non-2xx or 3xx responses: 4",
        "Requests/sec:    197.02",
        "Transfer/sec:      4.10MB",
        "",
    ]
)


def test_wrk_figures_are_read_in_milliseconds_with_errors_apart_from_refusals():
    load = wrk.parse(REPORT)

    assert load.requests_per_second == pytest.approx(197.02)
    assert load.p50 == pytest.approx(0.812)
    assert load.p99 == pytest.approx(1200.0)
    assert (load.requests, load.errors, load.refused) == (1972, 3, 4)


def test_a_report_without_percentiles_is_refused():
    with pytest.raises(ValueError):
        wrk.parse(REPORT.replace("Latency Distribution", "").replace("99%", "98%"))


@pytest.mark.django_db
def test_the_baseline_view_does_five_lookups_and_renders_fifty_rows(
    billed_dwelling, services, settings
):
    # The template is found as under benchmarks.settings.
    engine = settings.TEMPLATES[0]
    benchmark_templates = settings.BASE_DIR / "benchmarks" / "templates"
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], benchmark_templates]}]
    account = billed_dwelling.accounts.get()
    for month in range(1, 13):
        for year in (2024, 2025):
            for code in ("water_supply", "sewerage"):
                make_charge(account, services[code], date(year, month, 1))
    request = RequestFactory().get("/")
    request.user = AnonymousUser()

    with CaptureQueriesContext(connection) as queries:
        response = views.baseline(request, billed_dwelling.pk)

    assert response.status_code == 200
    assert len(queries) == 5
    assert response.content.decode().count("<tr>") == 1 + views.TABLE_ROWS


@pytest.mark.django_db
def test_the_resident_is_given_two_years_through_the_import(
    billed_dwelling,
    water_tariffs,
):
    added = resident_history.extend_history(billed_dwelling, 24)

    charges = Charge.objects.filter(account__dwelling=billed_dwelling)
    first = charges.order_by("period").first()
    assert added == 22
    assert charges.values("period").distinct().count() == 24
    assert first.period == date(2024, 12, 1)
    # October 2026 opens at 0,00: the months before it close there too.
    assert first.opening_balance == first.closing_balance == Decimal("0.00")
    assert Payment.objects.filter(account__dwelling=billed_dwelling).count() == 22
