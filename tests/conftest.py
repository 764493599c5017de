"""Fixtures shared by every area of the suite: the city's services and a provider.

Test data is built here, never taken from the demo seed.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

from cms.directory.models import Provider, Service
from cms.tariffs.models import Tariff, Unit


def pytest_addoption(parser):
    parser.addoption(
        "--long",
        action="store_true",
        help="also run the tests marked long (make test and CI do)",
    )


def pytest_collection_modifyitems(config, items):
    """A quick run leaves out the slow variants; make test asks for them."""
    if config.getoption("--long"):
        return
    skip = pytest.mark.skip(reason="a long variant: run with --long")
    for item in items:
        if "long" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def ukrainian_interface():
    """Every test starts in the default language, whatever the last one used."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def force_login_proves_second_factor(monkeypatch):
    """``client.force_login`` stands for a whole sign-in, a staff member's code
    included; the second factor's own tests sign in through the form."""
    from django.test import Client

    from cms.users.second_factor import PROVED_SESSION_KEY

    plain = Client.force_login

    def force_login(self, user, backend=None):
        plain(self, user, backend)
        session = self.session
        session[PROVED_SESSION_KEY] = str(user.pk)
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def buckets(settings):
    """A media and a private bucket in moto's in-process S3, the portal's
    storages pointed at them; the S3 client to look inside (tests/buckets.py)."""
    from tests.buckets import moto_buckets

    yield from moto_buckets(settings)


@pytest.fixture
def services(db):
    """The services a Pavlohrad dwelling receives, in bill order."""
    rows = [
        ("water_supply", "Централізоване водопостачання", 10),
        ("sewerage", "Централізоване водовідведення", 20),
        ("central_heating", "Централізоване опалення", 30),
        ("building_maintenance", "Управління та утримання будинку", 50),
        ("solid_waste_removal", "Вивезення побутових відходів", 60),
    ]
    return {
        code: Service.objects.create(code=code, name=name, sort_order=order)
        for code, name, order in rows
    }


@pytest.fixture
def water_provider(services):
    provider = Provider.objects.create(
        code="PVK",
        name="Комунальне підприємство «Водоканал»",
        short_name="КП «Водоканал»",
        edrpou="99990019",
        iban="UA213223130000026007233566001",
    )
    provider.services.set([services["water_supply"], services["sewerage"]])
    return provider


@pytest.fixture
def water_tariffs(water_provider, services):
    """Water at 29.052 and sewerage at 11.40 UAH/m³ from 2020-02-04."""
    common = {
        "provider": water_provider,
        "consumer_group": "усі споживачі",
        "unit": Unit.CUBIC_METRE,
        "valid_from": date(2020, 2, 4),
    }
    return {
        "water_supply": Tariff.objects.create(
            service=services["water_supply"], price=Decimal("29.052"), **common
        ),
        "sewerage": Tariff.objects.create(
            service=services["sewerage"], price=Decimal("11.40"), **common
        ),
    }


# Two residents who know each other only by their display names: they post in
# the forum and write private messages.


def make_user(name, email):
    return get_user_model().objects.create_user(
        username=email, email=email, password="secret-pass", display_name=name
    )


@pytest.fixture
def olena(db):
    return make_user("Олена К.", "olena@example.test")


@pytest.fixture
def petro(db):
    return make_user("Петро С.", "petro@example.test")
