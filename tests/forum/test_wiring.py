import re
from pathlib import Path

from django.apps import apps
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.separate_process import run_with_plugins


def test_the_forum_is_mounted_under_its_prefix_in_both_languages(settings):
    assert "plugins.forum" in settings.PORTAL_PLUGINS
    assert reverse("forum:index") == "/forum/"
    assert apps.get_app_config("forum").name == "machina.apps.forum"


def test_the_forum_index_answers_a_signed_in_resident(client, olena):
    client.force_login(olena)

    response = client.get("/forum/")

    assert response.status_code == 200


def test_the_english_forum_index_answers_too(client, olena):
    client.force_login(olena)

    assert client.get("/en/forum/").status_code == 200


def test_the_site_runs_without_the_forum_and_its_engine(db):
    script = (
        "from django.apps import apps;"
        "assert not apps.is_installed('plugins.forum');"
        "assert not apps.is_installed('machina');"
        "assert not apps.is_installed('machina.apps.forum');"
        "from django.core.management import call_command; call_command('check');"
        # Resolving, not requesting: a page served here would write the site's
        # settings row outside the test's transaction.
        "from django.urls import resolve;"
        "match = resolve('/forum/'); assert match.url_name == 'wagtail_serve', match;"
        "from django.template.loader import render_to_string;"
        "from django.test import RequestFactory;"
        "from django.contrib.auth.models import AnonymousUser;"
        "request = RequestFactory().get('/'); request.user = AnonymousUser();"
        "html = render_to_string('includes/header.html', request=request);"
        "assert '/forum/' not in html, html; print('ok')"
    )

    result = run_with_plugins(
        [
            "plugins.billing",
            "plugins.payments",
            "plugins.subsidies",
            "plugins.notifications",
            "plugins.messaging",
        ],
        script,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")


def test_forum_pages_sit_in_the_portal_frame_and_load_no_outside_script(client, olena):
    client.force_login(olena)

    html = client.get("/forum/").text

    assert 'class="skip-link"' in html
    assert "forum-page" in html
    assert not re.search(r"<script[^>]+src=[\"']?(https?:)?//", html)
    assert "html5shim" not in html


def test_the_header_leads_to_the_forum(client, olena):
    client.force_login(olena)

    html = client.get("/forum/").text

    assert 'class="header-link header-forum" href="/forum/"' in html


def test_pages_outside_the_forum_open_no_session_for_visitors(client, db):
    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    assert "_anonymous_forum_key" not in client.session


def test_visitors_reading_the_forum_get_their_forum_key(client, db):
    response = client.get("/forum/")

    assert response.status_code == 200
    assert "_anonymous_forum_key" in client.session


def test_the_forum_search_answers_a_signed_in_resident(client, olena):
    client.force_login(olena)

    response = client.get("/forum/search/", {"q": "вода"})

    assert response.status_code == 200


def test_the_editor_set_up_is_the_portals_and_fetches_nothing_from_outside():
    found = finders.find("machina/build/js/machina.editor.min.js")

    script = Path(found).read_text()
    assert "plugins/forum/engine_static" in found
    assert "autoDownloadFontAwesome: false" in script
    assert 'bold: "Жирний"' in script


def test_a_member_asked_for_by_a_word_is_not_found(client, db):
    for url in ["/forum/member/profile/abc/", "/forum/member/profile/1x/posts/"]:
        assert client.get(url).status_code == 404
