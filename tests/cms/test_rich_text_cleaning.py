"""Editors' rich text keeps no script, handler or dangerous link, however it
was saved: the admin's editor cleans what it is given, the model's own save
cleans the rest (cms/core/rich_text.py)."""

import pytest
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.rich_text import features

from cms.core.rich_text import clean
from tests.security.hostile_html import HOSTILE_TEXT, PAYLOADS, active_markup

pytestmark = pytest.mark.django_db

# What Wagtail's editor stores: blocks with their keys, marks, a page link by
# id, an outside link, an image stand-in, a line break and a rule.
EDITORS_BODY = (
    '<h2 data-block-key="k1">Графік</h2>'
    '<p data-block-key="k2">Вода <b>буде</b> <i>завтра</i>,<br/>з 8:00 &amp; '
    '<a linktype="page" id="{page}">новини</a> і '
    '<a href="https://vodokanal.example/grafik?d=1&amp;m=2">сайт</a>.</p>'
    '<ul><li data-block-key="k3">вул. Шевченка, 1</li></ul><hr/>'
    '<p data-block-key="k4">&lt;script&gt; як текст</p>'
)


def publish_body(page, body):
    page.body = body
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_hostile_markup_in_a_news_body_is_inert_on_the_page_and_in_the_api(
    client, make_news
):
    page = publish_body(make_news("Відключення води"), f"<p>{HOSTILE_TEXT}</p>")

    shown = client.get(page.url)
    api = client.get(f"/api/v2/pages/{page.pk}/")

    assert shown.status_code == 200
    assert active_markup(shown.text) == []
    assert active_markup(api.json()["body"]) == []
    assert "alert(" not in page.body.replace("&lt;", "")
    # The words around the markup are still shown.
    assert "s10" in shown.text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_payload_alone_leaves_nothing_active(payload):
    assert active_markup(clean(f"<p>{payload}</p>")) == []


def test_an_intro_of_another_page_kind_is_cleaned_too(client, home_page):
    home_page.intro = "<p>Вітаємо<img src=x onerror=alert(1)></p>"
    home_page.save()

    home_page.refresh_from_db()

    assert home_page.intro == "<p>Вітаємо</p>"
    assert active_markup(client.get("/").text) == []


def test_what_the_editor_stored_reads_back_unchanged(make_news):
    page = make_news("Графік")
    body = EDITORS_BODY.format(page=page.pk)

    publish_body(page, body)

    assert page.body == body
    # The admin's editor opens it again as it was.
    converter = ContentstateConverter(features.get_default_features())
    reopened = converter.to_database_format(converter.from_database_format(body))
    assert (
        converter.to_database_format(converter.from_database_format(page.body))
        == reopened
    )


def test_an_image_and_a_video_keep_their_stand_ins():
    body = (
        '<embed alt="Насосна станція" embedtype="image" format="left" id="7"/>'
        '<embed embedtype="media" url="https://www.youtube.com/watch?v=x"/>'
    )

    assert clean(body) == body
