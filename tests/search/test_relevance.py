"""What comes first when residents search the demo city the way they speak.

Each line is a query and the result a resident expects on top, over the
demo's own content (seeded once for the module, rolled back afterwards).
Queries use word forms the texts do not hold, question words, synonyms and
joined names; a change of the analysis, the ranking or a boost that moves
any expected result from the top fails here.
"""

from datetime import date

import pytest
from django.db import transaction

from fixtures.seed import seed_demo
from search.backend import POSTGRES

TODAY = date(2026, 12, 4)

EXPECTED_FIRST = [
    # The issue's own examples.
    ("тарифи на воду", "tariff_page", "Тарифи на воду та водовідведення"),
    ("де оплатити", "payment_page", "Де і як сплатити"),
    ("де оплатити комуналку", "payment_page", "Де і як сплатити"),
    ("відключення гарячої води", "news", "Без гарячої води на вулиці Дніпровській"),
    # Tariffs, by the words residents use for the service.
    ("тариф на тепло", "tariff_page", "Тарифи на тепло й гарячу воду"),
    ("тарифів на опалення", "tariff_page", "Тарифи на тепло й гарячу воду"),
    ("вивезення сміття", "tariff_page", "Тарифи на вивезення відходів"),
    ("утримання будинку", "tariff_page", "Плата за утримання будинку"),
    ("квартплата", "tariff_page", "Плата за утримання будинку"),
    ("тариф на водовідведення", "tariff_page", "Тарифи на воду та водовідведення"),
    ("скільки коштує каналізація", "tariff_page", "Тарифи на воду та водовідведення"),
    ("вивезення рідких відходів", "tariff_page", "Тарифи на вивезення відходів"),
    # Providers, by a part of a joined name or the name itself.
    ("водоканал", "provider", "КП «Павлоградводоканал»"),
    ("Павлоградтеплоенерго", "provider", "КП «Павлоградтеплоенерго»"),
    ("електромережі", "provider", "ДТЕК Дніпровські електромережі"),
    ("Затишне місто", "provider", "КП «Затишне місто»"),
    ("надавачі послуг", "provider_directory", "Надавачі послуг"),
    # Where to pay in person.
    ("ощадбанк", "bank_branch", "АТ «Ощадбанк» Відділення №1"),
    ("приватбанк на Соборній", "bank_branch", "АТ КБ «ПриватБанк» Відділення №2"),
    ("укрпошта", "bank_branch", "АТ «Укрпошта» Поштове відділення №5"),
    # News, campaigns, events and outages.
    (
        "передати показання лічильника",
        "news",
        "Передайте показники лічильників до 25 числа",
    ),
    ("громадські слухання", "news", "Громадські слухання щодо благоустрою дворів"),
    ("благоустрій дворів", "news", "Громадські слухання щодо благоустрою дворів"),
    (
        "консультації ОСББ",
        "news",
        "Консультації для ОСББ: як зменшити рахунки за тепло",
    ),
    ("аварія на водогоні", "news", "Водопостачання на Західнодонбаській відновлено"),
    (
        "відключення води на Соборній",
        "news",
        "Планове відключення води на Соборній і Полтавській",
    ),
    (
        "заміна засувок",
        "news",
        "Планове відключення води на Соборній і Полтавській",
    ),
    ("вулиця Дніпровська", "news", "Без гарячої води на вулиці Дніпровській"),
    # The forum, found by forms its posts do not hold.
    ("слабкого тиску води", "forum_topic", "Слабкий тиск води на п'ятому поверсі"),
    (
        "переповнений контейнер",
        "forum_topic",
        "Не вивезли сміття з майданчика біля школи",
    ),
    ("воду за нормами", "forum_topic", "Чому воду нарахували за нормою?"),
    ("коли дадуть тепло", "forum_topic", "Коли почнеться опалювальний сезон?"),
    # The portal itself.
    ("про портал", "content_page", "Про портал"),
]


@pytest.fixture(scope="module")
def demo_city(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo(dwellings=20, today=TODAY)
        yield
        transaction.set_rollback(True)


def first(query):
    hits = POSTGRES.hits(query, limit=1)
    return (hits[0].type, hits[0].title) if hits else None


def test_the_set_is_large_enough_to_mean_something():
    assert len(EXPECTED_FIRST) >= 30
    assert len({query for query, _, _ in EXPECTED_FIRST}) == len(EXPECTED_FIRST)


@pytest.mark.parametrize(
    ("query", "kind", "title"), EXPECTED_FIRST, ids=[q for q, _, _ in EXPECTED_FIRST]
)
def test_the_expected_result_comes_first(demo_city, db, query, kind, title):
    assert first(query) == (kind, title)


def test_the_payment_page_is_followed_by_the_bank_branches(demo_city, db):
    found = [hit.type for hit in POSTGRES.hits("де оплатити", limit=20)]

    assert found[0] == "payment_page"
    assert found.count("bank_branch") == 5


def test_a_draft_is_never_found(demo_city, db):
    assert POSTGRES.counts("чернетка нових тарифів на тепло") == {}
