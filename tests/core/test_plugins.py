import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

import cms.home
from cms.core import plugins
from tests.separate_process import run_with_plugins


def test_each_enabled_plugin_is_mounted_under_its_own_prefix():
    mounts = dict(plugins.plugin_url_mounts())

    assert "cabinet/" in mounts
    assert reverse("billing:cabinet") == "/cabinet/"


def test_two_plugins_claiming_one_prefix_stop_the_site(monkeypatch):
    billing = apps.get_app_config("billing")
    monkeypatch.setattr(plugins, "enabled_plugins", lambda: [billing, billing])

    with pytest.raises(ImproperlyConfigured, match="both claim the URL prefix"):
        plugins.plugin_url_mounts()


def test_a_plugin_outside_the_plugins_package_is_refused():
    stray = type("Stray", (plugins.PortalPlugin,), {"url_prefix": "stray/"})
    config = stray("cms.home", cms.home)

    with pytest.raises(ImproperlyConfigured, match="must live under plugins/"):
        config.check_contract()


@pytest.mark.django_db
def test_the_site_starts_and_serves_pages_with_every_plugin_switched_off():
    script = (
        "from django.conf import settings; assert not settings.PORTAL_PLUGINS;"
        "from django.core.management import call_command; call_command('check');"
        "from django.template.loader import render_to_string;"
        "from django.test import RequestFactory;"
        "from django.contrib.auth.models import AnonymousUser;"
        "request = RequestFactory().get('/'); request.user = AnonymousUser();"
        "html = render_to_string('includes/header.html', request=request);"
        "assert '/cabinet/' not in html, html; print('ok')"
    )

    result = run_with_plugins([], script)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")


@pytest.mark.django_db
def test_without_notifications_the_header_has_no_counter_and_the_rest_works():
    script = (
        "from django.apps import apps;"
        "assert not apps.is_installed('plugins.notifications');"
        "from django.core.management import call_command; call_command('check');"
        "from django.contrib.auth import get_user_model;"
        "from django.template.loader import render_to_string;"
        "from django.test import RequestFactory;"
        "request = RequestFactory().get('/');"
        "request.user = get_user_model()(pk=1, username='olena');"
        "html = render_to_string('includes/header.html', request=request);"
        "assert '/cabinet/' in html and 'notices' not in html, html; print('ok')"
    )

    result = run_with_plugins(
        ["plugins.billing", "plugins.payments", "plugins.subsidies"], script
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")


def test_notifications_are_enabled_by_default(settings):
    assert "plugins.notifications" in settings.PORTAL_PLUGINS
    assert reverse("notifications:index") == "/cabinet/notices/"


@pytest.mark.django_db
def test_without_messaging_the_header_has_no_messages_link_and_the_rest_works():
    script = (
        "from django.apps import apps;"
        "assert not apps.is_installed('plugins.messaging');"
        "from django.core.management import call_command; call_command('check');"
        "from django.contrib.auth import get_user_model;"
        "from django.template.loader import render_to_string;"
        "from django.test import RequestFactory;"
        "request = RequestFactory().get('/');"
        "request.user = get_user_model()(pk=1, username='olena');"
        "html = render_to_string('includes/header.html', request=request);"
        "assert '/cabinet/notices/' in html and 'messages' not in html, html;"
        "print('ok')"
    )

    result = run_with_plugins(
        [
            "plugins.billing",
            "plugins.payments",
            "plugins.subsidies",
            "plugins.notifications",
        ],
        script,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")
