"""How fast a month of a whole city's charges imports, against plain COPY.

    .venv/bin/python benchmarks/import_billing.py [--accounts 200000]

Generates one export in the portal's format: ``--accounts`` personal accounts
of one provider, each billed for five services (a million rows by default).
In a throwaway database it then times, in the same run:

- the baseline: PostgreSQL's COPY of the same file into an unindexed table;
- the first import of the file, which creates every dwelling, account and
  charge;
- the same file again, which must change nothing;
- a corrected file that changes one amount in a hundred rows.

With ``--subsidised N`` every N-th dwelling is granted a housing subsidy for
water and heating after the first import, so the later imports apply the
grants to their rows (the first of them reports those rows as changed).

It prints rows per second and each import's time as a multiple of the
baseline, which stays comparable between machines. The database is the one
the portal uses (DATABASE_URL, or the embedded server), with a test database
created beside it and dropped at the end. Results: docs/performance.md.
"""

import argparse
import os
import resource
import sys
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


OPENING, PAID, CORRECTION = Decimal("120.50"), Decimal("100.00"), Decimal("0.01")


def amount(text):
    return Decimal(text.replace(",", "."))


def text(amount):
    return f"{amount:.2f}".replace(".", ",")


def export(accounts, changed_every=0):
    """The bytes of a month's export; every ``changed_every``-th row pays
    one kopeck more when given, as a corrected file would."""
    lines = [HEADER]
    row = 0
    for number in range(accounts):
        address = (
            f"вул. Тестова {number // 2000};{number // 40 % 50 + 1};{number % 40 + 1}"
        )
        person = f"{100000 + number};{1000 + number % 9000};Платник {number};{address};52,40;2"
        for code, unit, price, volume, charged in SERVICES:
            row += 1
            paid = (
                PAID + CORRECTION
                if changed_every and row % changed_every == 0
                else PAID
            )
            closing = amount(charged) + OPENING - paid
            lines.append(
                f"{person};{code};2026-11;{text(OPENING)};{volume};{unit};{price};"
                f"{charged};0,00;0,00;0,00;{text(paid)};{text(closing)}"
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
    print(
        f"{label:<28} {seconds:7.2f} s  {rows / seconds:>10,.0f} rows/s  "
        f"{seconds / baseline:5.1f} × COPY",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=200_000)
    parser.add_argument("--subsidised", type=int, default=0, metavar="N")
    options = parser.parse_args()

    django.setup()
    from django.db import connection

    first = export(options.accounts)
    corrected = export(options.accounts, changed_every=100)
    rows = options.accounts * len(SERVICES)
    print(f"{rows:,} rows, {len(first) / 1e6:.0f} MB", flush=True)

    creation = connection.creation
    creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        provider = provider_with_services()
        baseline, _ = timed(lambda: plain_copy(first))
        report_line("plain COPY (baseline)", baseline, rows, baseline)
        for label, data in (
            ("first import", first),
            ("same file again", first),
            ("corrected file", corrected),
        ):
            seconds, report = timed(
                lambda data=data, label=label: import_file(provider, data, label)
            )
            report_line(label, seconds, rows, baseline)
            print(f"{'':<28} {report.result.changed:,} rows changed")
            if label == "first import" and options.subsidised:
                grant_subsidies(options.subsidised)
    finally:
        creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak memory of this process: {peak:,.0f} MB (file {len(first) / 1e6:.0f} MB)"
    )


if __name__ == "__main__":
    main()
