"""The large-city generator at a tiny size: what it writes goes through the
import, the pages and the forum as residents' data would, and a generated
resident's cabinet shows it."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from machina.apps.forum.models import Forum
from machina.apps.forum_conversation.models import Post, Topic
from machina.apps.forum_member.models import ForumProfile
from wagtail.models import Page

from benchmarks.city import CITY_RESIDENT_EMAIL, CityExistsError, generate
from benchmarks.city_billing import ACCOUNT_DIGIT
from benchmarks.city_content import NEWS_SLUG
from cms.core.money import format_number
from cms.news.models import NewsIndexPage, NewsPage
from fixtures import pavlohrad
from fixtures.city import load_city
from plugins.billing.choices import ImportStatus
from plugins.billing.models import (
    BillingImport,
    Charge,
    Dwelling,
    Payment,
    PersonalAccount,
)
from plugins.forum.services import seed_forums
from search.models import Entry

TODAY = date(2026, 12, 4)
DWELLINGS, MONTHS, NEWS, POSTS = 20, 2, 5, 20
PROVIDERS = 4  # water and sewerage, heating, maintenance, waste
SERVICES = 5


@pytest.fixture(scope="module")
def city(django_db_setup, django_db_blocker):
    """What seed_demo leaves that the generator builds on (the city's
    directory and tariffs, a news index, the forums), then a tiny city;
    rolled back afterwards."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            load_city(pavlohrad)
            Page.get_first_root_node().add_child(
                instance=NewsIndexPage(title="Новини", slug="novyny")
            )
            seed_forums()
            report = generate(
                DWELLINGS, MONTHS, NEWS, POSTS, today=TODAY, say=lambda text: None
            )
            yield report
            transaction.set_rollback(True)


@pytest.fixture
def generated(city, db):
    return city


def generated_accounts():
    return PersonalAccount.objects.filter(number__startswith=ACCOUNT_DIGIT)


def test_every_month_of_every_provider_goes_through_the_import(generated):
    imports = BillingImport.objects.all()

    assert imports.count() == PROVIDERS * MONTHS
    assert set(imports.values_list("status", flat=True)) == {ImportStatus.APPLIED}
    assert Dwelling.objects.count() == DWELLINGS
    assert generated_accounts().count() == DWELLINGS * PROVIDERS
    assert Charge.objects.count() == DWELLINGS * SERVICES * MONTHS
    periods = Charge.objects.order_by("period").values_list("period", flat=True)
    assert list(periods.distinct()) == [
        date(2026, 10, 1),
        date(2026, 11, 1),
    ]
    assert generated.billing.rows == DWELLINGS * SERVICES * MONTHS


def test_balances_run_on_from_month_to_month(generated):
    account = generated_accounts().order_by("number").first()
    october, november = Charge.objects.filter(
        account=account, service__code="water_supply"
    ).order_by("period")

    assert november.opening_balance == october.closing_balance


def test_payments_are_what_the_exports_say_was_paid(generated):
    paid = sum(Charge.objects.values_list("paid", flat=True))

    assert Payment.objects.count() > 0
    assert sum(Payment.objects.values_list("amount", flat=True)) == paid


def test_news_and_forum_are_counted_and_indexed(generated):
    topics = Topic.objects.all()

    assert NewsPage.objects.live().filter(slug__startswith=NEWS_SLUG).count() == NEWS
    assert Post.objects.count() == POSTS
    assert sum(topics.values_list("posts_count", flat=True)) == POSTS
    assert all(topic.last_post_id for topic in topics)
    assert sum(Forum.objects.values_list("direct_posts_count", flat=True)) == POSTS
    assert sum(ForumProfile.objects.values_list("posts_count", flat=True)) == POSTS
    assert Entry.objects.filter(type="news").count() == NEWS
    # A topic's first post is indexed as the topic, the replies as posts.
    assert Entry.objects.filter(type="forum_topic").count() == topics.count()
    assert Entry.objects.filter(type="forum_post").count() == POSTS - topics.count()


def test_a_second_city_is_refused(generated):
    with pytest.raises(CityExistsError):
        generate(1, 1, 0, 0, today=TODAY, say=lambda text: None)


def test_the_generated_resident_sees_the_generated_charges(client, generated):
    resident = get_user_model().objects.get(username=CITY_RESIDENT_EMAIL)
    dwelling = resident.dwellings.get()
    water = Charge.objects.get(
        account__dwelling=dwelling,
        service__code="water_supply",
        period=date(2026, 11, 1),
    )
    client.force_login(resident)

    response = client.get(reverse("billing:dwelling", args=[dwelling.pk]))

    assert response.status_code == 200
    assert dwelling.address in response.text
    assert water.account.number in response.text
    assert f">{format_number(water.charged)}<" in response.text
