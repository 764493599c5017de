"""How long the cabinet takes to give one monthly bill as a PDF, against the PDF
engine alone laying out the same page.

    .venv/bin/python benchmarks/bill_pdf.py [--repeat 30] [--profile]
    .venv/bin/python benchmarks/bill_pdf.py --month-end 1000 [--workers 2] [--chunk 10]

In a throwaway database beside the portal's (DATABASE_URL), one dwelling is
billed for November 2026 by five providers, one service each, so its bill
carries five provider blocks with five payment QR codes. Then, in the same
run and alternating so the machine's other load falls on both sides alike:

- the portal: a signed-in resident's GET of the bill's URL through the test
  client, i.e. the middleware, the view, ``documents.build_bill`` (queries,
  payment codes, amounts in words) and ``documents.render_bill_pdf``;
- the baseline: ``pisa.CreatePDF`` of the very HTML string the portal handed
  the engine in its first request, with the same fonts and resource callback.

Then it keeps the bill as a month-end run would and times the same download
serving the kept copy.

It prints both medians, their ratio (issue 8 asks for at most 1.2) and, with
``--profile``, the portal's own time by function.

``--month-end N`` instead bills N dwellings the same way and times a month-end
run of their bills (``billing.bill_runs``) with the tasks run in this process
one chunk after another, then with ``--workers`` processes taking chunks at
once, as RQ or database workers would. Results: docs/performance.md.
"""

import argparse
import cProfile
import logging
import os
import pstats
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from tempfile import TemporaryDirectory

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

NOVEMBER = date(2026, 11, 1)
# Five providers of a Ukrainian city, one service each, as on a real bill.
PROVIDERS = (
    ("water_supply", "Централізоване водопостачання", "КП «Водоканал»", "м³"),
    ("sewerage", "Централізоване водовідведення", "ТОВ «Стоки міста»", "м³"),
    ("central_heating", "Централізоване опалення", "КП «Тепломережа»", "Гкал"),
    ("building_maintenance", "Управління будинком", "ОСББ «Соборна 12»", "м²"),
    ("solid_waste_removal", "Вивезення відходів", "КП «Чисте місто»", "особа"),
)


IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"


def city_providers():
    """The five providers with their requisites and one service each."""
    from cms.directory.models import Provider, Service

    providers = []
    for order, (code, service_name, short_name, unit) in enumerate(PROVIDERS):
        service = Service.objects.create(
            code=code, name=service_name, sort_order=order * 10
        )
        provider = Provider.objects.create(
            code=f"P{order}",
            name=f"Комунальне підприємство {short_name} міської ради",
            short_name=short_name,
            edrpou=f"9999001{order}",
            iban=f"UA21322313000002600723356600{order}",
        )
        provider.services.set([service])
        providers.append((provider, service, unit))
    return providers


def billed_dwellings(providers, count, resident=None):
    """``count`` dwellings, each with an account at every provider and a
    November charge for its service; ``resident`` linked to the first."""
    from plugins.billing.models import Charge, Dwelling, PersonalAccount

    dwellings = Dwelling.objects.bulk_create(
        Dwelling(
            street=f"вул. Тестова {number // 2000}",
            house=str(number // 40 % 50 + 1),
            apartment=str(number % 40 + 1),
            total_area=Decimal("52.40"),
            registered_persons=2,
        )
        for number in range(count)
    )
    accounts = PersonalAccount.objects.bulk_create(
        PersonalAccount(
            dwelling=dwelling,
            provider=provider,
            number=f"{order}{100000 + dwelling.pk}",
            access_code=f"{1000 + dwelling.pk % 9000}",
            payer_name="Коваленко Олена Іванівна",
        )
        for dwelling in dwellings
        for order, (provider, _service, _unit) in enumerate(providers)
    )
    services = {provider.pk: (service, unit) for provider, service, unit in providers}
    Charge.objects.bulk_create(
        november_charge(account, *services[account.provider_id]) for account in accounts
    )
    if resident is not None:
        dwellings[0].residents.add(resident)
    return dwellings


def november_charge(account, service, unit):
    from plugins.billing.models import Charge

    opening, charged, paid = Decimal("120.50"), Decimal("345.67"), Decimal("100.00")
    return Charge(
        account=account,
        service=service,
        period=NOVEMBER,
        opening_balance=opening,
        volume=Decimal("6.000"),
        unit=unit,
        price=Decimal("57.6117"),
        charged=charged,
        paid=paid,
        closing_balance=opening + charged - paid,
    )


def portal_request(client, url):
    response = client.get(url)
    if response.status_code != 200 or not response.content.startswith(b"%PDF"):
        raise SystemExit(f"the bill's URL answered {response.status_code}")
    return response.content


def engine_alone(html):
    from xhtml2pdf import pisa

    from cms.core.pdf import local_font

    pdf = BytesIO()
    status = pisa.CreatePDF(html, dest=pdf, encoding="utf-8", link_callback=local_font)
    if status.err:
        raise SystemExit("the engine failed on the portal's HTML")
    return pdf.getvalue()


def html_the_portal_renders(client, url):
    """The HTML string the portal hands the engine, caught in one request."""
    from xhtml2pdf import pisa

    caught = []
    original = pisa.CreatePDF

    def catching(source, *args, **kwargs):
        caught.append(source)
        return original(source, *args, **kwargs)

    pisa.CreatePDF = catching
    try:
        portal_request(client, url)
    finally:
        pisa.CreatePDF = original
    (html,) = caught
    return html


def timed(action):
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def single_bill(options):
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    resident = get_user_model().objects.create_user(
        username="bench", email="bench@example.org", password="bench-pass-1"
    )
    (dwelling,) = billed_dwellings(city_providers(), 1, resident)
    client = Client(HTTP_HOST="localhost")
    client.force_login(resident)
    url = reverse("billing:bill", args=[dwelling.pk, NOVEMBER])

    html = html_the_portal_renders(client, url)
    # One untimed round of each side warms fonts, templates and imports.
    portal_request(client, url)
    engine_alone(html)

    portal, baseline = [], []
    for _round in range(options.repeat):
        portal.append(timed(lambda: portal_request(client, url)))
        baseline.append(timed(lambda: engine_alone(html)))

    portal_median, baseline_median = (
        statistics.median(portal),
        statistics.median(baseline),
    )
    print(f"one bill, 5 services of 5 providers, {options.repeat} rounds each")
    print(f"xhtml2pdf alone (baseline)  {baseline_median * 1000:7.1f} ms median")
    print(f"portal's bill download      {portal_median * 1000:7.1f} ms median")
    print(f"ratio                       {portal_median / baseline_median:7.2f} ×")

    # The same download once the month-end run has kept the bill.
    from plugins.billing import bill_runs

    bill_runs.start_run(NOVEMBER, None)
    kept = [timed(lambda: portal_request(client, url)) for _ in range(options.repeat)]
    print(
        f"portal, month-end copy kept  {statistics.median(kept) * 1000:6.1f} ms median"
        f"  ({statistics.median(kept) / baseline_median:.2f} ×)"
    )
    print(f"PDF size                    {len(portal_request(client, url)):7,d} bytes")
    record_single(options, portal_median, baseline_median, statistics.median(kept))

    if options.profile:
        from plugins.billing.models import StoredBill

        StoredBill.objects.all().delete()
        profile = cProfile.Profile()
        profile.runcall(lambda: [portal_request(client, url) for _ in range(5)])
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


def record_single(options, portal, baseline, kept):
    if not options.record:
        return
    from benchmarks import record

    rows = [
        [
            "bill download, made anew",
            f"{portal * 1000:,.1f} ms",
            f"{portal / baseline:.2f}",
        ],
        [
            "bill download, month-end copy",
            f"{kept * 1000:,.1f} ms",
            f"{kept / baseline:.2f}",
        ],
        ["xhtml2pdf alone (baseline)", f"{baseline * 1000:,.1f} ms", "1.00"],
    ]
    setting = (
        f"One dwelling billed by five providers, medians of {options.repeat} "
        "rounds; baseline: `pisa.CreatePDF` of the same HTML. Target: at most "
        "1.2 × the baseline."
    )
    record.append_run(
        "Bill PDF",
        record.machine_facts(),
        setting,
        record.markdown_table(["", "median", "× baseline"], rows),
        record.command_line("bill_pdf.py"),
    )


def work_chunks(chunks):
    """Run chunk tasks in a worker process of its own, as a worker would."""
    django.setup()
    from django.db import connection

    from plugins.billing import bill_runs

    connection.close()
    for run_id, dwelling_ids in chunks:
        bill_runs.generate_chunk(run_id, dwelling_ids)


def month_end(options):
    from django.conf import settings
    from django.db import connection

    from plugins.billing import bill_runs
    from plugins.billing.models import BillRun

    billed_dwellings(city_providers(), options.month_end)
    print(f"{options.month_end:,} dwellings, 5 services of 5 providers each")

    # In this process, one chunk after another: the immediate backend.
    started = time.perf_counter()
    run = bill_runs.start_run(NOVEMBER, None, chunk_size=options.chunk)
    one = time.perf_counter() - started
    run.refresh_from_db()
    print(
        f"one process        {one:7.1f} s  {run.done / one:6.1f} bills/s  "
        f"done {run.done}/{run.total}, failed {run.failed}"
    )

    # The same month again in parallel processes, each taking chunks.
    run = BillRun.objects.create(
        month=NOVEMBER, total=bill_runs.charged_dwellings(NOVEMBER).count()
    )
    chunks = [(run.pk, ids) for ids in bill_runs.plan_chunks(run, options.chunk)]
    connection.close()
    started = time.perf_counter()
    with ProcessPoolExecutor(options.workers) as pool:
        list(
            pool.map(
                work_chunks,
                [chunks[n :: options.workers] for n in range(options.workers)],
            )
        )
    parallel = time.perf_counter() - started
    run.refresh_from_db()
    print(
        f"{options.workers} processes        {parallel:7.1f} s  "
        f"{run.done / parallel:6.1f} bills/s  done {run.done}/{run.total}, "
        f"failed {run.failed}"
    )
    stored = sum(1 for _ in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.pdf"))
    print(f"PDFs stored: {stored:,}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--month-end", type=int, default=0, metavar="DWELLINGS")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=10, help="dwellings per task")
    parser.add_argument(
        "--no-record",
        dest="record",
        action="store_false",
        help="leave docs/performance.md alone",
    )
    options = parser.parse_args()

    private = TemporaryDirectory(prefix="bill-bench-")
    os.environ["PRIVATE_MEDIA_ROOT"] = private.name
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import override_settings

    # The benchmark is its own worker: a run's chunks are made where they are
    # queued, whatever the settings say. Through override_settings, so that
    # the task backends already set up are made again.
    override_settings(
        TASKS={**settings.TASKS, "default": {"BACKEND": IMMEDIATE}}
    ).enable()
    # The engine's CSS notes and each bill's log line would drown the figures.
    logging.disable(logging.WARNING)
    # A database of its own, so the test suite's may run meanwhile.
    connection.settings_dict["TEST"]["NAME"] = (
        connection.settings_dict["NAME"] + "_bench"
    )
    creation = connection.creation
    creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        if options.month_end:
            month_end(options)
        else:
            single_bill(options)
    finally:
        connection.close()
        creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
        private.cleanup()


if __name__ == "__main__":
    main()
