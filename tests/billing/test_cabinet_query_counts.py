"""Every page and action of the resident's cabinet runs as many queries for a
dwelling with two years of bills from three providers as for one with a single
month from one provider: nothing is read per month, service, provider, payment,
reading, dispute or delegate."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.core.pdf import DOCUMENT_TIME_ZONE
from cms.directory.models import Provider
from cms.tariffs.models import ConsumptionNorm, Tariff, Unit
from plugins.billing import documents
from plugins.billing.models import (
    AccessLevel,
    ChargeDispute,
    DisputeStatus,
    DwellingAccess,
    Meter,
    MeterReading,
    Payment,
    PersonalAccount,
)
from plugins.billing.urls import urlpatterns
from plugins.billing.views_payments import PAGE_SIZE as PAYMENTS_PAGE_SIZE
from plugins.payments.choices import PaymentStatus
from plugins.payments.models import OnlinePayment
from tests.billing.conftest import flat_with_account, make_charge

pytestmark = pytest.mark.django_db

GROWN_MONTHS = 24


def today_in_kyiv():
    return datetime.now(DOCUMENT_TIME_ZONE).date()


def month_back(period, months):
    """The first day of the month ``months`` before ``period``."""
    index = period.year * 12 + period.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


# The latest billed month is the one before today's, so a certificate as of
# today counts it, whatever day the suite runs.
LATEST = month_back(today_in_kyiv().replace(day=1), 1)


class Flat:
    """A flat billed for the latest month by the water utility, with what its
    pages show: a payment, a meter reading, a dispute, a delegate, an online
    payment awaiting the provider and a certificate."""

    def __init__(self, resident, water_provider, services, user_model):
        self.resident = resident
        self.services = services
        self.user_model = user_model
        self.dwelling, water = flat_with_account(
            resident,
            water_provider,
            apartment="5",
            area="52.40",
            persons=2,
            number="100234",
            access_code="4821",
            payer="Коваленко Олена Іванівна",
        )
        self.dwelling.water_norm = ConsumptionNorm.objects.create(
            service=services["water_supply"],
            category="квартира з ванною",
            code="flat-bath",
            value=Decimal("3.6"),
            unit="м³ на особу на місяць",
        )
        self.dwelling.save()
        self.meter = Meter.objects.create(
            account=water, service=services["water_supply"], serial_number="W-1"
        )
        self.services_of = {water: ["water_supply", "sewerage"]}
        self.users = 0

        self.bill(water, [LATEST])
        self.add_activity(water, 0)
        self.first_delegate = self.delegation.user
        self.certificate = self.issue_certificate()

    def grow(self):
        """Two years of bills from three providers, with a payment, a reading,
        a dispute, a delegate and an online payment for every month."""
        months = [month_back(LATEST, number) for number in range(GROWN_MONTHS)]
        (water,) = self.services_of
        self.bill(water, months[1:])
        self.add_provider("TEPLO", ["central_heating"], months)
        self.add_provider(
            "ZHEK", ["building_maintenance", "solid_waste_removal"], months
        )
        for account in self.services_of:
            for number in range(1, GROWN_MONTHS):
                self.add_activity(account, number)
        self.certificate = self.issue_certificate()

    def add_provider(self, code, service_codes, months):
        provider = Provider.objects.create(
            code=code,
            name=f"Комунальне підприємство «{code}»",
            short_name=f"КП «{code}»",
            edrpou="99990025",
            iban="UA503004650000026000000000002",
        )
        for service_code in service_codes:
            Tariff.objects.create(
                provider=provider,
                service=self.services[service_code],
                consumer_group="усі споживачі",
                unit=Unit.SQUARE_METRE_MONTH,
                price=Decimal("29.052"),
                valid_from=date(2020, 1, 1),
            )
        account = PersonalAccount.objects.create(
            dwelling=self.dwelling,
            provider=provider,
            number=f"{code}-1",
            access_code="1111",
            payer_name="Коваленко Олена Іванівна",
        )
        self.services_of[account] = service_codes
        self.bill(account, months)

    def bill(self, account, months):
        for period in months:
            for code in self.services_of[account]:
                make_charge(
                    account,
                    self.services[code],
                    period,
                    opening_balance="100.00",
                    volume="7.200",
                    unit="м³",
                    price="29.052",
                    charged="209.17",
                    paid="100.00",
                )

    def add_activity(self, account, months_back):
        """A payment, a meter reading, a dispute, a delegate and an online
        payment of the month ``months_back`` before the latest."""
        period = month_back(LATEST, months_back)
        Payment.objects.create(
            account=account,
            paid_on=period + timedelta(days=9),
            amount=Decimal("100.00"),
            source="bank",
            reference=f"PB-{account.pk}-{period:%Y%m}",
        )
        MeterReading.objects.get_or_create(
            meter=self.meter,
            taken_on=period + timedelta(days=14),
            defaults={"value": Decimal(1000 - 5 * months_back)},
        )
        ChargeDispute.objects.create(
            charge=account.charges.filter(period=period).first(),
            author=self.resident,
            text="Лічильник не знято.",
        )
        self.delegation = DwellingAccess.objects.create(
            dwelling=self.dwelling,
            user=self.new_user(),
            level=AccessLevel.VIEW_AND_PAY,
            granted_by=self.resident,
        )
        OnlinePayment.objects.create(
            order_id=f"order-{account.pk}-{months_back}",
            dwelling=self.dwelling,
            account=account,
            payer=self.resident,
            amount=Decimal("50.00"),
            status=PaymentStatus.PAID,
            gateway="sandbox",
            paid_at=datetime.combine(
                month_back(LATEST, -1), time(12), tzinfo=DOCUMENT_TIME_ZONE
            ),
        )

    def new_user(self):
        self.users += 1
        return self.user_model.objects.create_user(
            username=f"relative-{self.users}",
            email=f"relative-{self.users}@example.org",
        )

    def issue_certificate(self):
        return documents.issue_certificate(
            self.dwelling, self.resident, today_in_kyiv()
        )

    @property
    def charge(self):
        return (
            self.dwelling.accounts.get(provider__code="PVK")
            .charges.filter(period=LATEST)
            .first()
        )

    def next_reading(self):
        latest = self.meter.readings.order_by("-taken_on").first()
        return {
            "meter": self.meter.pk,
            "value": str(latest.value + 1),
            "taken_on": (latest.taken_on + timedelta(days=1)).isoformat(),
        }


@dataclass
class Visit:
    """One request of the cabinet, and the page fetched before it to fill
    per-process caches (content types, the site's root paths), so that only
    what the request itself reads is counted. A page warms up with itself."""

    url_name: str
    args: tuple = ()
    data: Callable | None = None
    warm_up: str | None = None
    status: int = 200

    def path(self, flat):
        values = {
            "dwelling": flat.dwelling.pk,
            "month": LATEST,
            "certificate": flat.certificate.code,
            "charge": flat.charge.pk,
            "delegation": flat.delegation.pk,
            "account": flat.charge.account_id,
            "service": "water_supply",
        }
        return reverse(f"billing:{self.url_name}", args=[values[a] for a in self.args])

    def count_queries(self, client, flat, forget_fragments=None):
        """The queries of the request; with ``forget_fragments``, of the page
        drawn in full rather than partly from the cache."""
        if self.data is None:
            client.get(self.path(flat))
        else:
            client.get(reverse(f"billing:{self.warm_up}", args=[flat.dwelling.pk]))
        if forget_fragments is not None:
            forget_fragments()

        with CaptureQueriesContext(connection) as queries:
            if self.data is None:
                response = client.get(self.path(flat))
            else:
                response = client.post(self.path(flat), self.data(flat))

        assert response.status_code == self.status
        return len(queries)


def as_of_today(flat):
    return {"as_of": today_in_kyiv().isoformat()}


def before_any_bill(flat):
    return {"as_of": "2001-01-31"}


def a_new_delegate(flat):
    return {"email": flat.new_user().email, "level": AccessLevel.VIEW}


def a_dispute(flat):
    # A charge has one open dispute at a time: the one sent by the previous
    # measurement is answered first (one query, in both measurements).
    ChargeDispute.objects.filter(period=LATEST, status=DisputeStatus.OPEN).update(
        status=DisputeStatus.ANSWERED
    )
    return {"text": "Не той тариф."}


def nothing(flat):
    return {}


DWELLING = ("dwelling",)
VISITS = {
    "cabinet": Visit("cabinet"),
    "dwelling overview": Visit("dwelling", DWELLING),
    "bill as PDF": Visit("bill", ("dwelling", "month")),
    "bill as a page": Visit("bill_print", ("dwelling", "month")),
    "one service month by month": Visit(
        "service_history", ("dwelling", "account", "service")
    ),
    "payments": Visit("payments", DWELLING),
    "certificate issued": Visit(
        "certificate_issue", DWELLING, as_of_today, "dwelling", 302
    ),
    "certificate form with an error": Visit(
        "certificate_issue", DWELLING, before_any_bill, "dwelling", 400
    ),
    "certificate as PDF": Visit("certificate", ("dwelling", "certificate")),
    "meter readings": Visit("readings", DWELLING),
    "meter reading submitted": Visit(
        "readings", DWELLING, Flat.next_reading, "readings", 302
    ),
    "dispute form": Visit("dispute_charge", ("dwelling", "charge")),
    "dispute sent": Visit(
        "dispute_charge", ("dwelling", "charge"), a_dispute, "dwelling", 302
    ),
    "delegated access": Visit("dwelling_access", DWELLING),
    "access granted": Visit(
        "dwelling_access", DWELLING, a_new_delegate, "dwelling_access", 302
    ),
    "access withdrawn": Visit(
        "withdraw_access", ("dwelling", "delegation"), nothing, "dwelling_access", 302
    ),
    "link a dwelling": Visit("link_dwelling"),
    "remove a dwelling": Visit("unlink_dwelling", DWELLING),
}


@pytest.fixture
def flat(resident, water_provider, water_tariffs, services, django_user_model):
    return Flat(resident, water_provider, services, django_user_model)


@pytest.mark.parametrize("name", VISITS)
def test_a_cabinet_page_reads_as_much_for_two_years_as_for_one_month(
    client, flat, name
):
    client.force_login(flat.resident)
    one_month = VISITS[name].count_queries(client, flat)

    flat.grow()
    two_years = VISITS[name].count_queries(client, flat)

    assert two_years == one_month


@pytest.mark.parametrize(
    "name",
    ["dwelling overview", "bill as a page", "one service month by month", "payments"],
)
def test_a_delegates_page_reads_as_much_for_two_years_as_for_one_month(
    client, flat, name
):
    client.force_login(flat.first_delegate)
    one_month = VISITS[name].count_queries(client, flat)

    flat.grow()
    two_years = VISITS[name].count_queries(client, flat)

    assert two_years == one_month


# Pages with parts kept rendered in the cache (plugins.billing.fragments): the
# tests above measure them served from it, these drawn in full.
FRAGMENT_PAGES = ["dwelling overview", "one service month by month", "payments"]


@pytest.mark.parametrize("who", ["resident", "first_delegate"])
@pytest.mark.parametrize("name", FRAGMENT_PAGES)
def test_a_page_drawn_in_full_reads_as_much_for_two_years_as_for_one_month(
    client, flat, name, who, forget_fragments
):
    client.force_login(getattr(flat, who))
    one_month = VISITS[name].count_queries(client, flat, forget_fragments)

    flat.grow()
    two_years = VISITS[name].count_queries(client, flat, forget_fragments)

    assert two_years == one_month


@pytest.mark.parametrize("name", FRAGMENT_PAGES)
def test_a_page_served_partly_from_the_cache_reads_less(
    client, flat, name, forget_fragments
):
    """The measurements above compare the two ways a page is served."""
    flat.grow()
    client.force_login(flat.resident)

    drawn = VISITS[name].count_queries(client, flat, forget_fragments)
    served = VISITS[name].count_queries(client, flat)

    assert served < drawn


def test_the_public_certificate_check_reads_as_much_for_any_certificate(flat):
    visitor = Client()
    check = Visit("certificate_check", ("certificate",))
    one_month = check.count_queries(visitor, flat)

    flat.grow()
    two_years = check.count_queries(visitor, flat)

    assert two_years == one_month


def test_the_grown_flat_fills_the_overview(client, flat):
    """The measurements above compare pages that really show more."""
    flat.grow()
    client.force_login(flat.resident)

    response = client.get(reverse("billing:dwelling", args=[flat.dwelling.pk]))

    assert len(response.context["history"]) == 12
    assert len(response.context["charges"]) == 5
    assert len(response.context["payments"]) == 24
    assert len(response.context["disputes"]) == 1 + 3 * (GROWN_MONTHS - 1)
    assert "КП «TEPLO»" in response.text and "КП «ZHEK»" in response.text


def test_the_grown_flat_fills_the_payments_page(client, flat):
    """The payments page measured above lists a full page of them."""
    flat.grow()
    client.force_login(flat.resident)

    response = client.get(VISITS["payments"].path(flat))

    assert len(response.context["payments"]) == PAYMENTS_PAGE_SIZE
    assert response.context["payments"].paginator.count > PAYMENTS_PAGE_SIZE


def test_the_grown_flat_fills_a_services_page(client, flat):
    """A service's page measured above shows a year, not one month."""
    flat.grow()
    client.force_login(flat.resident)

    response = client.get(VISITS["one service month by month"].path(flat))

    assert len(response.context["charges"]) == 12
    assert len(response.context["history_charts"]) == 2


def test_every_page_of_the_cabinet_is_measured():
    """A page added to the cabinet's URLs must be added to the visits above."""
    measured = {visit.url_name for visit in VISITS.values()} | {"certificate_check"}

    assert {pattern.name for pattern in urlpatterns} == measured
