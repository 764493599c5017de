"""How fast a month of a whole city's charges imports, against plain COPY
and against Django's bulk_create, and what memory the import takes.

    .venv/bin/python benchmarks/import_billing.py [--accounts 200000]

Generates one export in the portal's format: ``--accounts`` personal accounts
of one provider, each billed for five services (a million rows by default).
In a throwaway database it then times, in the same run:

- the baseline: PostgreSQL's COPY of the same file into an unindexed table;
- the first import of the file, which creates every dwelling, account and
  charge; it runs in a process of its own that reads the file from disk and
  does nothing else, so that its peak memory is the import's alone;
- the same file again, which must change nothing;
- a corrected file that changes one amount in a hundred rows;
- the second baseline: the first import's charges again, inserted into the
  emptied charge table with ``Charge.objects.bulk_create`` in batches of
  2,000, in one transaction, the accounts already there.

With ``--subsidised N`` every N-th dwelling is granted a housing subsidy for
water and heating after the first import, so the later imports apply the
grants to their rows (the first of them reports those rows as changed).

It prints rows per second, each run's time as a multiple of COPY's, the
first import's speed as a share of COPY's and as a multiple of
bulk_create's (issue 8: at least 1/5 and at least 5), and the peak resident
memory of the import's process. The database server is the one the portal
uses (DATABASE_URL, or the embedded server); the throwaway database is named
after the portal's with ``_import_benchmark`` and dropped at the end.
Results: docs/performance.md. ``benchmarks/city.py`` builds its exports
with the helpers below.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

SERVICES = (
    ("water_supply", "м³", "29,052", "6,000", "174,31"),
    ("sewerage", "м³", "11,400", "6,000", "68,40"),
    ("central_heating", "Гкал", "1654,0000", "1,200", "1984,80"),
    ("house_maintenance", "м²", "8,5000", "52,40", "445,40"),
    ("solid_waste_removal", "особа", "45,0000", "2,000", "90,00"),
)

HEADER = (
    "account;access_code;payer;street;house;apartment;total_area;persons;service;"
    "period;opening_balance;volume;unit;price;charged;benefit;subsidy;"
    "recalculation;paid;closing_balance"
)


# Kopecks: every account opens the month owing 120.50 and pays 100.00.
OPENING, PAID, CORRECTION = 12050, 10000, 1


def money(kopecks):
    """An amount as the export writes it: 12050 -> "120,50"."""
    sign = "-" if kopecks < 0 else ""
    whole, part = divmod(abs(kopecks), 100)
    return f"{sign}{whole},{part:02d}"


def kopecks(text):
    """The export's "174,31" as 17431."""
    whole, _, part = text.partition(",")
    return int(whole) * 100 + int(part.ljust(2, "0"))


def payer_fields(number, access_code, payer, street, house, apartment, area, persons):
    """The first fields of a line, the same on every line of an account."""
    return (
        f"{number};{access_code};{payer};{street};{house};{apartment};{area};{persons}"
    )


def charge_line(
    payer,
    service,
    period,
    opening,
    volume,
    unit,
    price,
    charged,
    paid,
    benefit=0,
    subsidy=0,
    recalculation=0,
):
    """One line of an export. Amounts are kopecks; ``volume`` and ``price``
    are text as the file writes them; the closing balance is worked out as the
    import checks it."""
    closing = opening + charged - benefit - subsidy + recalculation - paid
    return (
        f"{payer};{service};{period};{money(opening)};{volume};{unit};{price};"
        f"{money(charged)};{money(benefit)};{money(subsidy)};{money(recalculation)};"
        f"{money(paid)};{money(closing)}"
    )


def export(accounts, changed_every=0):
    """The bytes of a month's export; every ``changed_every``-th row pays
    one kopeck more when given, as a corrected file would."""
    lines = [HEADER]
    row = 0
    for number in range(accounts):
        payer = payer_fields(
            100000 + number,
            1000 + number % 9000,
            f"Платник {number}",
            f"вул. Тестова {number // 2000}",
            number // 40 % 50 + 1,
            number % 40 + 1,
            "52,40",
            2,
        )
        for code, unit, price, volume, charged in SERVICES:
            row += 1
            paid = (
                PAID + CORRECTION
                if changed_every and row % changed_every == 0
                else PAID
            )
            lines.append(
                charge_line(
                    payer,
                    code,
                    "2026-11",
                    OPENING,
                    volume,
                    unit,
                    price,
                    kopecks(charged),
                    paid,
                )
            )
    return ("\n".join(lines) + "\n").encode("utf-8")


def timed(action):
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def plain_copy(data):
    """COPY of the file into an unindexed table of text columns: the fastest
    the database takes these rows in."""
    from django.db import connection

    columns = ", ".join(f"{name} text" for name in HEADER.split(";"))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS benchmark_copy")
        cursor.execute(f"CREATE UNLOGGED TABLE benchmark_copy ({columns})")
        statement = "COPY benchmark_copy FROM STDIN (FORMAT csv, DELIMITER ';', HEADER)"
        with cursor.copy(statement) as copy:
            for start in range(0, len(data), 1 << 20):
                copy.write(data[start : start + (1 << 20)])
        cursor.execute("DROP TABLE benchmark_copy")


def provider_with_services():
    from cms.directory.models import Provider, Service

    provider = Provider.objects.create(
        code="BENCH",
        name="Benchmark provider",
        short_name="Benchmark",
        edrpou="99990026",
        iban="UA213223130000026007233566002",
    )
    services = [
        Service.objects.get_or_create(code=code, defaults={"name": code})[0]
        for code, *_rest in SERVICES
    ]
    provider.services.set(services)
    return provider


def grant_subsidies(every):
    """Grants of water and heating for every ``every``-th dwelling, recorded
    straight into the table as the office's decisions would leave them."""
    from datetime import date

    from cms.directory.models import Service
    from plugins.billing.models import Dwelling, SubsidyGrant

    services = Service.objects.filter(code__in=["water_supply", "central_heating"])
    dwellings = Dwelling.objects.order_by("pk").values_list("pk", flat=True)
    grants = [
        SubsidyGrant(
            dwelling_id=dwelling_id,
            service=service,
            monthly=Decimal("150.00"),
            period_from=date(2026, 10, 1),
            period_to=date(2027, 3, 1),
            reference=f"B-{dwelling_id}",
        )
        for dwelling_id in list(dwellings)[::every]
        for service in services
    ]
    SubsidyGrant.objects.bulk_create(grants, batch_size=10_000)
    print(f"{len(grants):,} subsidy grants recorded", flush=True)


def import_file(provider, data, name):
    from plugins.billing import services

    report = services.import_billing_export(provider, data, name)
    if report.rejected:
        raise SystemExit(f"{name} was rejected: {report.errors[:3]}")
    return report


def report_line(label, seconds, rows, baseline):
    """Print a run's line and return it as a row of the recorded table."""
    print(
        f"{label:<28} {seconds:7.2f} s  {rows / seconds:>10,.0f} rows/s  "
        f"{seconds / baseline:5.1f} × COPY",
        flush=True,
    )
    return [
        label,
        f"{seconds:.2f} s",
        f"{rows / seconds:,.0f}",
        f"{seconds / baseline:.1f}",
    ]


def record_run(options, facts, rows, table, summary):
    from benchmarks import record

    setting = (
        f"{options.accounts:,} accounts × {len(SERVICES)} services: one file of "
        f"{rows:,} rows in the portal's format; baseline: plain `COPY` of the "
        f"file into an unindexed table. {summary}"
    )
    record.append_run(
        "Billing import",
        facts,
        setting,
        record.markdown_table(["run", "time", "rows a second", "× COPY"], table),
        record.command_line("import_billing.py"),
    )


# Charges a bulk_create call sends: Django's own batches are limited only
# by PostgreSQL's parameters, this keeps each statement's memory small.
BULK_BATCH = 2000


def bulk_create_charges(provider, accounts):
    """The first import's charges again, through ``Charge.objects.bulk_create``
    in one transaction, into the emptied charge table; the accounts it needs
    are the ones the import created. Building the model objects is timed
    with the inserts: bulk_create cannot be used without them."""
    from datetime import date

    from django.db import connection, transaction

    from cms.directory.models import Service
    from plugins.billing.models import Charge, PersonalAccount

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Charge._meta.db_table} CASCADE")
    account_ids = dict(
        PersonalAccount.objects.filter(provider=provider).values_list("number", "pk")
    )
    service_ids = dict(Service.objects.values_list("code", "pk"))
    cent = Decimal("0.01")
    lines = [
        {
            "service_id": service_ids[code],
            "volume": Decimal(volume.replace(",", ".")),
            "unit": unit,
            "price": Decimal(price.replace(",", ".")),
            "charged": kopecks(charged) * cent,
            "closing_balance": (OPENING + kopecks(charged) - PAID) * cent,
        }
        for code, unit, price, volume, charged in SERVICES
    ]

    started = time.perf_counter()
    with transaction.atomic():
        batch = []
        for number in range(accounts):
            account_id = account_ids[str(100000 + number)]
            for line in lines:
                batch.append(
                    Charge(
                        account_id=account_id,
                        period=date(2026, 11, 1),
                        opening_balance=OPENING * cent,
                        benefit=0,
                        subsidy=0,
                        recalculation=0,
                        paid=PAID * cent,
                        **line,
                    )
                )
            if len(batch) >= BULK_BATCH:
                Charge.objects.bulk_create(batch)
                batch = []
        Charge.objects.bulk_create(batch)
    return time.perf_counter() - started


def import_in_child(path):
    """Run the first import in a process that does nothing else, so that its
    peak memory is the import's own: {seconds, changed, startup_mb, peak_mb,
    readers_mb}."""
    from django.db import connection

    command = [
        sys.executable,
        __file__,
        "--import-only",
        str(path),
        "--database",
        connection.settings_dict["NAME"],
    ]
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    if finished.returncode:
        raise SystemExit(f"the import's own process failed:\n{finished.stderr}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


def import_only(path, database):
    """The child's side of ``import_in_child``: the file read from disk (the
    import takes it whole), imported, and what it cost printed as JSON."""
    from django.db import connection

    from cms.directory.models import Provider

    connection.settings_dict["NAME"] = database
    provider = Provider.objects.get(code="BENCH")
    startup = peak_rss_mb()

    seconds, report = timed(
        lambda: import_file(provider, Path(path).read_bytes(), "first import")
    )
    print(
        json.dumps(
            {
                "seconds": seconds,
                "changed": report.result.changed,
                "startup_mb": startup,
                "peak_mb": peak_rss_mb(),
                # The largest of the reader processes a large file is split to.
                "readers_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                / 1024,
            }
        )
    )


def peak_rss_mb():
    """This process's own peak resident memory. Not getrusage's: Linux keeps
    its figure across exec, so a child would report its parent's, which holds
    the generated files."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def first_import(data):
    """The first import, run in a process of its own from a file on disk."""
    with tempfile.NamedTemporaryFile(suffix=".csv") as file:
        file.write(data)
        file.flush()
        return import_in_child(file.name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=200_000)
    parser.add_argument("--subsidised", type=int, default=0, metavar="N")
    parser.add_argument("--import-only", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument(
        "--no-record",
        dest="record",
        action="store_false",
        help="leave docs/performance.md alone",
    )
    options = parser.parse_args()

    django.setup()
    if options.import_only:
        import_only(options.import_only, options.database)
        return

    from django.db import connection

    first = export(options.accounts)
    corrected = export(options.accounts, changed_every=100)
    rows = options.accounts * len(SERVICES)
    print(f"{rows:,} rows, {len(first) / 1e6:.0f} MB", flush=True)

    from benchmarks import record

    facts = record.machine_facts()
    # A throwaway database named after the portal's own, dropped at the end.
    settings = connection.settings_dict
    settings["TEST"]["NAME"] = f"{settings['NAME']}_import_benchmark"
    creation = connection.creation
    creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        provider = provider_with_services()
        baseline, _ = timed(lambda: plain_copy(first))
        table = [report_line("plain COPY (baseline)", baseline, rows, baseline)]

        child = first_import(first)
        table.append(report_line("first import", child["seconds"], rows, baseline))
        print(f"{'':<28} {child['changed']:,} rows changed")
        if options.subsidised:
            grant_subsidies(options.subsidised)
        for label, data in (
            ("same file again", first),
            ("corrected file", corrected),
        ):
            seconds, report = timed(
                lambda data=data, label=label: import_file(provider, data, label)
            )
            table.append(report_line(label, seconds, rows, baseline))
            print(f"{'':<28} {report.result.changed:,} rows changed")

        bulk = bulk_create_charges(provider, options.accounts)
        table.append(report_line("Django bulk_create", bulk, rows, baseline))
    finally:
        creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)

    speeds = (
        f"First import: {baseline / child['seconds']:.2f} of COPY's speed "
        f"(target at least 0.20), {bulk / child['seconds']:.1f} × bulk_create's "
        "(target at least 5)."
    )
    memory = (
        f"Peak memory of the import's own process: {child['peak_mb']:,.0f} MB "
        f"({child['startup_mb']:,.0f} MB before reading the file of "
        f"{len(first) / 1e6:.0f} MB); largest reader process: "
        f"{child['readers_mb']:,.0f} MB."
    )
    print(speeds)
    print(memory)
    if options.record:
        record_run(options, facts, rows, table, f"{speeds} {memory}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process (generator and later imports): {peak:,.0f} MB")


if __name__ == "__main__":
    main()
