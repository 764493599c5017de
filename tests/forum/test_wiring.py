import re

from django.apps import apps
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
        "from django.test import Client;"
        "client = Client(HTTP_HOST='localhost');"
        "status = client.get('/forum/').status_code; assert status == 404, status;"
        "from django.template.loader import render_to_string;"
        "from django.test import RequestFactory;"
        "from django.contrib.auth.models import AnonymousUser;"
        "request = RequestFactory().get('/'); request.user = AnonymousUser();"
        "render_to_string('includes/header.html', request=request); print('ok')"
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
