"""Editorial pages and directories in the site-wide search: found by word
forms while live and public, gone once unpublished or restricted."""

from wagtail.models import PageViewRestriction

from cms.directory.models import BankBranch
from search.finding import find
from search.indexing import reindex_all


def found(query):
    return [(entry.type, entry.title) for entry in find(query)]


def test_a_news_item_is_found_by_a_form_of_its_words(make_news):
    make_news("Відключення гарячої води на Соборній", location="вул. Соборна, 1–15")

    reindex_all()

    assert found("відключення гаряча вода") == [
        ("news", "Відключення гарячої води на Соборній")
    ]
    assert found("соборній")[0][0] == "news"


def test_the_entry_links_to_the_page(make_news):
    page = make_news("Акція для пільговиків")

    reindex_all()

    (entry,) = find("акція")
    assert entry.url == page.url
    assert entry.date.date() == page.date


def test_an_unpublished_page_is_never_found(make_news):
    page = make_news("Чернетка про тарифи")
    page.unpublish()

    reindex_all()

    assert found("чернетка") == []


def test_a_page_behind_a_password_is_never_found(make_news, news_index):
    make_news("Внутрішня нарада")
    PageViewRestriction.objects.create(
        page=news_index, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    reindex_all()

    assert found("нарада") == []


def test_a_bank_branch_is_found_and_leads_to_the_payment_page(payment_page):
    BankBranch.objects.create(
        bank="АТ «Ощадбанк»",
        name="Відділення №7",
        address="вул. Дніпровська, 3",
        takes_utility_payments=True,
    )
    BankBranch.objects.create(
        bank="АТ «Інший банк»", address="вул. Ні, 1", takes_utility_payments=False
    )

    reindex_all()

    (entry,) = find("ощадбанк")
    assert entry.url == f"{payment_page.url}#branches-title"
    assert found("інший") == []


def test_publishing_and_unpublishing_update_the_index(
    make_news, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_news("Графік вивезення сміття")
    assert found("графік")[0][1] == "Графік вивезення сміття"

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()

    assert found("графік") == []
