"""The generated city's billing: every provider's monthly export, written in
the portal's format and applied by the portal's own import, month by month.

Households live in blocks of flats on the city's real streets and have an
account at each provider of a flat's plan (water and sewerage, heating,
building maintenance, waste removal). Everything is a pure function of the
seed: the same seed gives the same files byte for byte.

A provider's export is its whole month: the import replaces the provider's
charges of that month with the file's. The accounts already there (the
demo's) are therefore carried into each file as they stand, so that the
generated city joins them rather than wiping them out.
"""

import logging
import random
import time
from array import array
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection

from benchmarks.import_billing import (
    HEADER,
    charge_line,
    import_file,
    money,
    payer_fields,
)
from cms.directory.models import Provider, Service
from cms.tariffs.models import Tariff
from fixtures.ledger import MissingTariffError, TariffBook
from fixtures.pavlohrad import DATA_DIR, demo, names
from plugins.billing.choices import PaymentSource
from plugins.billing.models import Charge, Payment, PersonalAccount
from search.sync import changed_in_bulk

logger = logging.getLogger(__name__)

#: The generated accounts' numbers start with this digit, which no prefix of
#: the demo's uses: "9", the provider's place in the plan, seven digits.
ACCOUNT_DIGIT = "9"
FLATS_PER_HOUSE = 100
# Above the house numbers the demo hands out on the same streets.
FIRST_HOUSE = 300

UNITS = {
    "water_supply": "м³",
    "sewerage": "м³",
    "central_heating": "Гкал",
    "building_maintenance": "м²",
    "solid_waste_removal": "особа",
}
HEATING_MONTHS = {1, 2, 3, 4, 10, 11, 12}
# Gigacalories a square metre takes in a month of the heating season, in
# thousandths of a gigacalorie per hundred square metres.
HEAT_PER_AREA = 1650
WATER_PER_PERSON = 3000  # litres, i.e. thousandths of a cubic metre

# How a household pays: the whole of what it owed, half of it, or nothing.
PAYS_ALL, PAYS_HALF, PAYS_NOTHING = 0, 1, 2
CENT = Decimal("0.01")


@dataclass
class Households:
    """The generated dwellings' fixed traits, one slot per dwelling, packed
    so that half a million of them take a few megabytes."""

    count: int
    streets: list
    areas: array  # hundredths of a square metre
    persons: array
    habits: array
    payers: list  # "Surname I. P." per dwelling, built once

    def address(self, index):
        house, flat = divmod(index, FLATS_PER_HOUSE)
        street = self.streets[house % len(self.streets)]
        return street, str(FIRST_HOUSE + house // len(self.streets)), str(flat + 1)

    def area_text(self, index):
        return money(self.areas[index])


def households(count, seed):
    rng = random.Random(f"{seed}:households")
    streets = [
        line.strip()
        for line in (DATA_DIR / "streets.txt").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    areas, persons, habits, payers = array("i"), array("b"), array("b"), []
    for _ in range(count):
        areas.append(rng.randint(2800, 9500))
        persons.append(rng.choice((1, 2, 2, 3, 3, 4, 5)))
        habits.append(rng.choices((PAYS_ALL, PAYS_HALF, PAYS_NOTHING), (80, 15, 5))[0])
        payers.append(
            f"{rng.choice(names.SURNAMES)} {rng.choice(names.MALE_NAMES)[0]}. "
            f"{rng.choice(names.PATRONYMICS)[0]}."
        )
    return Households(count, streets, areas, persons, habits, payers)


def last_months(count, today):
    """The ``count`` months before ``today``'s, oldest first."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        months.append(date(year, month, 1))
    return months[::-1]


@dataclass
class ProviderPlan:
    """One provider of a flat: its services and where each stands."""

    provider: object
    digit: int
    services: list  # [(Service, consumer group)]
    access_codes: array = field(default_factory=lambda: array("i"))
    # Each service's balance per dwelling, in kopecks, carried month to month.
    balances: dict = field(default_factory=dict)

    def number(self, index):
        return f"{ACCOUNT_DIGIT}{self.digit}{index + 1:07d}"


def provider_plans(count, seed):
    plans = []
    for digit, (code, services) in enumerate(demo.ACCOUNT_PLANS["apartment"], 1):
        rng = random.Random(f"{seed}:{code}")
        plan = ProviderPlan(
            provider=Provider.objects.get(code=code),
            digit=digit,
            services=[
                (Service.objects.get(code=service), group)
                for service, group in services
            ],
        )
        plan.access_codes = array("i", (rng.randint(1000, 9999) for _ in range(count)))
        for service, _group in plan.services:
            # Households that never pay start owing some months already.
            plan.balances[service.code] = array(
                "q", (rng.choice((0, 0, 0, 25000, 60000)) for _ in range(count))
            )
        plans.append(plan)
    return plans


def generated_accounts():
    return PersonalAccount.objects.filter(number__startswith=ACCOUNT_DIGIT)


def volume(service_code, city, index, month, rng):
    """Thousandths of the service's unit used in ``month``."""
    if service_code in ("water_supply", "sewerage"):
        return city.persons[index] * WATER_PER_PERSON * rng.randint(85, 115) // 100
    if service_code == "central_heating":
        if month.month not in HEATING_MONTHS:
            return 0
        return city.areas[index] * HEAT_PER_AREA // 100
    if service_code == "building_maintenance":
        return city.areas[index] * 10
    return city.persons[index] * 1000


def volume_text(thousandths):
    return f"{thousandths // 1000},{thousandths % 1000:03d}"


def price_text(price):
    return f"{price:f}".replace(".", ",")


def price_in(tariffs, provider, service, group, month):
    """The price of the tariff in force, or else of the group's first tariff:
    the city's published tariffs do not reach back two years for every
    service. Such a charge keeps its price without a tariff, as the import
    leaves a price no tariff of the month has."""
    try:
        return tariffs.find(provider, service, group, month).price
    except MissingTariffError:
        first = min(
            (
                tariff
                for tariff in tariffs.tariffs
                if (tariff.provider_id, tariff.service_id, tariff.consumer_group)
                == (provider.pk, service.pk, group)
            ),
            key=lambda tariff: tariff.valid_from or date.min,
        )
        return first.price


def paid_of(habit, opening):
    if opening <= 0 or habit == PAYS_NOTHING:
        return 0
    return opening if habit == PAYS_ALL else opening // 2


def generated_lines(plan, city, month, tariffs, seed):
    """The generated accounts' lines of the provider's month, in account order."""
    rng = random.Random(f"{seed}:{plan.provider.code}:{month:%Y-%m}")
    period = f"{month:%Y-%m}"
    priced = []
    for service, group in plan.services:
        price = price_in(tariffs, plan.provider, service, group, month)
        priced.append((service.code, price, price_text(price), UNITS[service.code]))

    for index in range(city.count):
        street, house, flat = city.address(index)
        payer = payer_fields(
            plan.number(index),
            plan.access_codes[index],
            city.payers[index],
            street,
            house,
            flat,
            city.area_text(index),
            city.persons[index],
        )
        for code, price, price_shown, unit in priced:
            used = volume(code, city, index, month, rng)
            charged = int(
                (Decimal(used).scaleb(-3) * price).quantize(CENT, ROUND_HALF_UP) * 100
            )
            balances = plan.balances[code]
            opening = balances[index]
            paid = paid_of(city.habits[index], opening)
            balances[index] = opening + charged - paid
            yield charge_line(
                payer,
                code,
                period,
                opening,
                volume_text(used),
                unit,
                price_shown,
                charged,
                paid,
            )


def cents(amount):
    return int(amount * 100)


def decimal_text(value):
    return "" if value is None else f"{value:f}".replace(".", ",")


def carried_lines(provider, month):
    """The month's charges of the provider's other accounts, as they stand,
    read in chunks rather than held whole."""
    rows = (
        Charge.objects.filter(account__provider=provider, period=month)
        .exclude(account__number__startswith=ACCOUNT_DIGIT)
        .order_by("account__number", "service__code")
        .values_list(
            "account__number",
            "account__access_code",
            "account__payer_name",
            "account__dwelling__street",
            "account__dwelling__house",
            "account__dwelling__apartment",
            "account__dwelling__total_area",
            "account__dwelling__registered_persons",
            "service__code",
            "opening_balance",
            "volume",
            "unit",
            "price",
            "charged",
            "benefit",
            "subsidy",
            "recalculation",
            "paid",
        )
    )
    for row in rows.iterator(chunk_size=2000):
        *account, area, persons, service, opening, used, unit, price = row[:13]
        charged, benefit, subsidy, recalculation, paid = row[13:]
        yield charge_line(
            payer_fields(*account, decimal_text(area), persons),
            service,
            f"{month:%Y-%m}",
            cents(opening),
            decimal_text(used),
            unit,
            decimal_text(price),
            cents(charged),
            cents(paid),
            benefit=cents(benefit),
            subsidy=cents(subsidy),
            recalculation=cents(recalculation),
        )


def month_export(plan, city, month, tariffs, seed):
    lines = [HEADER]
    lines.extend(carried_lines(plan.provider, month))
    lines.extend(generated_lines(plan, city, month, tariffs, seed))
    return ("\n".join(lines) + "\n").encode("utf-8")


@dataclass
class BillingFigures:
    """What the billing step wrote and how long its parts took."""

    files: int = 0
    rows: int = 0
    megabytes: float = 0.0
    writing: float = 0.0
    importing: float = 0.0
    payments: int = 0
    paying: float = 0.0


def import_months(count, months, seed, today, say):
    """Write and import every provider's export of every month; then the
    payments the exports' "paid" amounts stand for."""
    city = households(count, seed)
    plans = provider_plans(count, seed)
    tariffs = TariffBook(Tariff.objects.filter(status=Tariff.Status.APPROVED))
    figures = BillingFigures()

    for month in last_months(months, today):
        started = time.perf_counter()
        for plan in plans:
            begun = time.perf_counter()
            data = month_export(plan, city, month, tariffs, seed)
            written = time.perf_counter()
            report = import_file(
                plan.provider, data, f"{plan.provider.code}-{month:%Y-%m}.csv"
            )
            figures.writing += written - begun
            figures.importing += time.perf_counter() - written
            figures.files += 1
            figures.rows += report.result.rows
            figures.megabytes += len(data) / 1e6
        say(
            f"  {month:%Y-%m}: {len(plans)} files in {time.perf_counter() - started:.1f} s"
        )

    started = time.perf_counter()
    figures.payments = record_payments()
    figures.paying = time.perf_counter() - started
    logger.info("generated city billed: %d files, %d rows", figures.files, figures.rows)
    return figures


def record_payments():
    """One bank payment per generated account and month it paid anything,
    of what the month's charges say was paid, as the bank's records would
    give it. The portal has no import of bank records: the providers' exports
    carry the amounts, these rows let the cabinet list them."""
    reference = "'CITY-' || a.number || '-' || to_char(c.period, 'YYYYMM')"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Payment._meta.db_table} "
            "(account_id, paid_on, amount, source, reference, confirmed) "
            "SELECT c.account_id, c.period + (a.id %% 20 + 2)::integer, "
            f"sum(c.paid), %s, {reference}, true "
            f"FROM {Charge._meta.db_table} c "
            f"JOIN {PersonalAccount._meta.db_table} a ON a.id = c.account_id "
            "WHERE a.number LIKE %s GROUP BY c.account_id, a.id, a.number, c.period "
            "HAVING sum(c.paid) > 0",
            [PaymentSource.BANK, f"{ACCOUNT_DIGIT}%"],
        )
        recorded = cursor.rowcount
    changed_in_bulk(Payment)
    return recorded
