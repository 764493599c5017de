import re

import pytest
from machina.apps.forum.models import Forum
from machina.apps.forum_conversation.models import Post, Topic

from plugins.forum.markup import plain_text, render

HOSTILE_POST = "\n\n".join(
    [
        "<script>alert('script')</script>",
        "<img src=x onerror=alert('img')>",
        "[click](javascript:alert('link'))",
        "![picture](javascript:alert('image'))",
        '<a href="https://example.test" onclick="alert(\'handler\')">x</a>',
        "[Mixed](JaVaScRiPt:alert('case'))",
        "[data](data:text/html;base64,PHNjcmlwdD4=)",
    ]
)


TAG = re.compile(r"<\s*([a-z0-9]+)([^>]*)>", re.IGNORECASE)
HREF = re.compile(r'href="([^"]*)"')


def assert_inert(html):
    """Every tag in ``html`` is a harmless one, with no handler and no bad link."""
    for name, attributes in TAG.findall(html):
        assert name.lower() not in {"script", "img", "iframe", "svg", "style"}
        assert not re.search(r"\bon[a-z]+\s*=", attributes, re.IGNORECASE)
        for href in HREF.findall(attributes):
            assert href == "#" or href.startswith(("https:", "http:", "mailto:"))


def test_script_handlers_and_dangerous_links_render_inert():
    html = render(HOSTILE_POST)

    assert_inert(html)
    # What the resident typed stays readable, as text.
    assert "&lt;script&gt;" in html
    assert "<a " not in html.replace('<a href="#" rel="nofollow noopener ugc">', "")


def test_an_https_link_stays_a_link_marked_nofollow():
    html = render("Графік: [водоканал](https://example.test/grafik?d=1)")

    assert (
        '<a href="https://example.test/grafik?d=1" rel="nofollow noopener ugc">'
        "водоканал</a>" in html
    )


def test_mail_links_stay_and_images_are_dropped():
    html = render(
        "[лист](mailto:info@example.test) ![фото](https://example.test/a.png)"
    )

    assert 'href="mailto:info@example.test"' in html
    assert "<img" not in html
    assert "example.test/a.png" not in html


def test_plain_markdown_keeps_its_emphasis_lists_and_line_breaks():
    html = render("**Увага** _завтра_\n\n- вода\n- тепло\n\nрядок\nдругий")

    assert "<strong>Увага</strong> <em>завтра</em>" in html
    assert "<li>вода</li>" in html
    assert "рядок<br>" in html


@pytest.mark.django_db
def test_a_saved_post_keeps_only_the_inert_rendering(olena):
    forum = Forum.objects.create(name="Міські теми", type=Forum.FORUM_POST)
    topic = Topic.objects.create(
        forum=forum,
        poster=olena,
        subject="Тест",
        type=Topic.TOPIC_POST,
        status=Topic.TOPIC_UNLOCKED,
    )

    post = Post.objects.create(
        topic=topic, poster=olena, subject="Тест", content=HOSTILE_POST
    )

    post.refresh_from_db()
    assert_inert(str(post.content.rendered))


def test_plain_text_keeps_the_words_and_drops_every_tag_and_script():
    html = render(HOSTILE_POST + "\n\na < b & **c**\n\n* один\n* два")

    text = plain_text(html)

    assert "<" not in text.replace("a < b", "")
    assert "alert('script')" not in text
    assert text.endswith("a < b & c один два")
