"""The index follows the page tree: a section moved under a restriction, a
new slug, or a restricted or unpublished listing page changes what is found
and where it leads, though Wagtail writes the pages below in bulk."""

from wagtail.actions.move_page import MovePageAction
from wagtail.models import PageViewRestriction

from cms.directory.models import BankBranch, Provider
from cms.home.models import ContentPage
from search.backend import POSTGRES
from search.indexing import reindex_all
from search.models import Entry
from tests.cms.conftest import add_child


def found(query):
    return [(hit.type, hit.title) for hit in POSTGRES.hits(query)]


def test_news_moved_under_a_restricted_section_is_no_longer_found(
    home_page, news_index, make_news, django_capture_on_commit_callbacks
):
    make_news("Відключення води на Соборній")
    staff_only = add_child(
        home_page,
        ContentPage(title="Службове", slug="staff", body="<p>Для працівників</p>"),
    )
    PageViewRestriction.objects.create(
        page=staff_only, restriction_type=PageViewRestriction.LOGIN
    )
    reindex_all()

    with django_capture_on_commit_callbacks(execute=True):
        MovePageAction(news_index, staff_only, pos="last-child").execute()

    assert found("відключення") == []


def test_a_new_slug_gives_the_pages_below_their_new_address(
    news_index, make_news, django_capture_on_commit_callbacks
):
    item = make_news("Відключення води на Соборній")
    reindex_all()

    with django_capture_on_commit_callbacks(execute=True):
        news_index.slug = "novyny"
        news_index.save_revision().publish()

    entry = Entry.objects.get(type="news", object_id=str(item.pk))
    assert entry.url.startswith("/novyny/")


def test_restricting_the_tariff_pages_hides_their_tariffs(
    tariff_page, water_tariffs, django_capture_on_commit_callbacks
):
    reindex_all()
    assert Entry.objects.filter(type="tariff").count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=tariff_page,
            restriction_type=PageViewRestriction.PASSWORD,
            password="x",
        )

    assert not Entry.objects.filter(type__in=["tariff", "tariff_page"]).exists()


def test_unpublishing_the_directory_hides_providers_and_branches(
    directory_page, payment_page, water_provider, django_capture_on_commit_callbacks
):
    BankBranch.objects.create(
        bank="АТ «Ощадбанк»", address="вул. Соборна, 1", takes_utility_payments=True
    )
    reindex_all()
    assert Entry.objects.filter(type="provider").count() == Provider.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        directory_page.unpublish()
        payment_page.unpublish()

    assert not Entry.objects.filter(type__in=["provider", "bank_branch"]).exists()
