"""Editorial pages and directories in the site-wide search: found by word
forms while live and public, gone once unpublished or restricted."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from wagtail.models import PageViewRestriction

from cms.directory.models import BankBranch
from search.finding import corrected, find
from search.indexing import reindex_all
from search.models import Word


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


def test_a_bank_branch_is_found_and_leads_to_its_row_on_the_payment_page(
    client, payment_page
):
    branch = BankBranch.objects.create(
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
    assert entry.url == f"{payment_page.url}#branch-{branch.pk}"
    assert found("інший") == []
    assert f'id="branch-{branch.pk}"' in client.get(payment_page.url).text


def test_publishing_and_unpublishing_update_the_index(
    make_news, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_news("Графік вивезення сміття")
    assert found("графік")[0][1] == "Графік вивезення сміття"

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()

    assert found("графік") == []


def results(client, **params):
    return client.get(reverse("search:results"), params)


def test_the_page_lists_results_with_the_asked_words_marked(client, make_news):
    make_news("Тариф на воду", summary="З 1 січня вода дорожчає на 5%.")
    reindex_all()

    page = results(client, q="води").text

    assert "Тариф на воду" in page
    assert "<mark>вода</mark>" in page and "<mark>воду</mark>" in page


def test_results_narrow_to_one_kind(client, make_news, payment_page):
    make_news("Оплата без комісії у березні")
    reindex_all()

    everything = results(client, q="комісія").text
    news_only = results(client, q="комісія", type="news").text

    assert "Як сплатити" in everything and "Оплата без комісії" in everything
    assert "Як сплатити" not in news_only.split("search-results")[1]
    assert "Оплата без комісії" in news_only


def test_what_a_visitor_types_is_shown_as_text(client, home_page):
    page = results(client, q='<script>alert(1)</script> "вода"').text

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_the_page_reads_the_same_rows_for_few_and_many_results(client, make_news):
    make_news("Вода 0")
    reindex_all()
    results(client, q="вода")
    with CaptureQueriesContext(connection) as few:
        results(client, q="вода")
    for number in range(1, 15):
        make_news(f"Вода {number}")
    reindex_all()
    with CaptureQueriesContext(connection) as many:
        page = results(client, q="вода")

    assert page.text.count('class="search-result"') == 15
    assert len(many) == len(few)


def test_the_header_box_is_offered_titles_for_an_unfinished_word(client, make_news):
    make_news("Водопостачання у грудні")
    make_news("Опалення у грудні")
    reindex_all()

    answer = client.get(reverse("search:suggest"), {"q": "грудні водопост"}).json()
    too_short = client.get(reverse("search:suggest"), {"q": "в"}).json()

    assert [item["title"] for item in answer["suggestions"]] == [
        "Водопостачання у грудні"
    ]
    assert too_short == {"suggestions": []}


def test_a_misspelt_query_that_finds_nothing_is_offered_a_known_word(client, make_news):
    make_news("Графік опалення")
    reindex_all()

    page = results(client, q="опаленя").text

    assert 'Можливо, ви мали на увазі <a href="?q=' in page
    assert ">опалення</a>" in page
    assert "Можливо" not in results(client, q="опалення").text


def test_an_inflected_misspelling_is_offered_its_dictionary_form(make_news):
    make_news("Тарифи на воду")
    reindex_all()

    assert corrected("тарыфи") == "тариф"


def test_short_and_question_words_are_left_as_typed(make_news):
    make_news("Наш двір")
    reindex_all()

    # "на" is in no document, but it is no misspelt "наш".
    assert corrected("двір на") == ""


def test_an_english_visitor_is_led_to_the_english_address(client, make_news):
    page = make_news("Графік опалення")
    reindex_all()

    english = client.get("/en/search/", {"q": "опалення"}).text

    assert f'<h2><a href="{iri_to_uri(f"/en/news/{page.slug}/")}">' in english


def test_a_word_of_a_deleted_text_is_never_offered(
    make_news, django_capture_on_commit_callbacks
):
    page = make_news("Онуфрій Тарасенкович з квартири 17")
    reindex_all()
    assert corrected("ануфрій") == "онуфрій"

    with django_capture_on_commit_callbacks(execute=True):
        page.delete()

    assert corrected("ануфрій") == ""


def test_a_full_reindex_forgets_the_words_of_what_is_gone(make_news):
    page = make_news("Онуфрій Тарасенкович")
    reindex_all()
    page.delete()

    reindex_all()

    assert not Word.objects.filter(text="онуфрій").exists()


def test_a_very_long_text_is_indexed_up_to_its_limit(make_news):
    page = make_news("Довгий звіт")
    page.body = "<p>" + "вода " * 60_000 + "кінець</p>"
    page.save_revision().publish()

    reindex_all()

    assert [entry.title for entry in find("вода")] == ["Довгий звіт"]
    assert list(find("кінець")) == []


def test_a_broad_query_lists_only_what_is_ranked_and_says_so(
    client, make_news, monkeypatch
):
    for number in range(3):
        make_news(f"Відключення води № {number}")
    reindex_all()
    monkeypatch.setattr("search.backend.LISTED_AT_MOST", 2)
    monkeypatch.setattr("search.views.LISTED_AT_MOST", 2)

    page = results(client, q="вода").text

    assert "Усі (3)" in page
    assert "лише найкращі з 2 найновіших" in page
