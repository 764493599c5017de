"""What the portal tells browsers about its pages: HTTPS only, no sniffing, no
framing, little referrer, no sensors or cameras, and the Content-Security-
Policy that keeps injected scripts from running."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from cms.core.content_policy import content_security_policy, media_origins
from tests.cms.conftest import home_page, is_hit, page_cache  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]


def directives(header):
    """A Content-Security-Policy header as {directive: [sources]}."""
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


def test_check_deploy_finds_nothing_to_warn_about_in_production():
    # Only what a production server is given: the suite's own environment
    # (the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE, say) would be checked too.
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
        "ALLOWED_HOSTS": "portal.example",
        "DEFAULT_FROM_EMAIL": "portal@portal.example",
        "PAYMENTS_GATEWAY": "liqpay",
        "LIQPAY_PUBLIC_KEY": "public",
        "LIQPAY_PRIVATE_KEY": "private",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_a_page_carries_the_portals_security_headers(client):
    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


@pytest.mark.django_db
def test_no_inline_script_may_run_on_the_portals_pages(client):
    policy = directives(client.get(reverse("account_login"))["Content-Security-Policy"])

    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]


def test_a_page_served_from_the_public_cache_keeps_the_headers(
    client,
    page_cache,  # noqa: F811
    home_page,  # noqa: F811
):
    client.get(home_page.url)
    cached = client.get(home_page.url)

    assert is_hit(cached)
    assert "script-src 'self'" in cached["Content-Security-Policy"]
    assert "camera=()" in cached["Permissions-Policy"]


@pytest.mark.django_db
def test_the_admin_alone_allows_what_wagtail_inlines(client, django_user_model):
    editor = django_user_model.objects.create_superuser(
        username="editor", email="editor@example.org", password="secret-pass"
    )
    client.force_login(editor)

    response = client.get(reverse("wagtailadmin_home"))
    policy = directives(response["Content-Security-Policy"])

    assert response.status_code == 200
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    # Its preview panel frames the admin's own pages.
    assert policy["frame-ancestors"] == ["'self'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_images_may_come_from_the_media_buckets_host():
    origins = media_origins("city-media", media_domain="media.city.example")
    policy = content_security_policy(image_origins=origins)

    assert policy["DIRECTIVES"]["img-src"] == [
        "'self'",
        "data:",
        "https://media.city.example",
    ]


def test_images_come_from_the_object_storage_service_without_a_media_host():
    assert media_origins(
        "city-media", endpoint_url="https://minio.city.example:9000/"
    ) == ["https://minio.city.example:9000"]
    assert media_origins("city-media", region="eu-central-1") == [
        "https://city-media.s3.amazonaws.com",
        "https://city-media.s3.eu-central-1.amazonaws.com",
    ]
    assert media_origins(None) == []


def settings_value(name, **env):
    result = subprocess.run(
        [sys.executable, "-c", f"import cms.settings.test as s; print(s.{name})"],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_checkout_forms_may_post_to_liqpay_only_when_it_is_the_gateway():
    liqpay = settings_value(
        "CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']",
        PAYMENTS_GATEWAY="liqpay",
        LIQPAY_PUBLIC_KEY="public",
        LIQPAY_PRIVATE_KEY="private",
    )
    sandbox = settings_value(
        "CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']",
        PAYMENTS_GATEWAY="sandbox",
    )

    assert liqpay == "[\"'self'\", 'https://www.liqpay.ua']"
    assert sandbox == "[\"'self'\"]"
