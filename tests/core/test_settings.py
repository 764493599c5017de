import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def import_production_settings(**overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "DEFAULT_FROM_EMAIL"}
    }
    env.update(overrides)
    return subprocess.run(
        [sys.executable, "-c", "import cms.settings.production"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "DEFAULT_FROM_EMAIL"]
)
def test_production_refuses_to_start_without_a_required_value(missing):
    values = {
        "SECRET_KEY": "s" * 50,
        "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
        "ALLOWED_HOSTS": "portal.example",
        "DEFAULT_FROM_EMAIL": "portal@portal.example",
    }
    del values[missing]

    result = import_production_settings(**values)

    assert result.returncode != 0
    assert f"The environment variable {missing} must be set" in result.stderr


REQUIRED = {
    "SECRET_KEY": "s" * 50,
    "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
    "ALLOWED_HOSTS": "portal.example",
    "DEFAULT_FROM_EMAIL": "portal@portal.example",
}
LIQPAY = {
    "PAYMENTS_GATEWAY": "liqpay",
    "LIQPAY_PUBLIC_KEY": "public",
    "LIQPAY_PRIVATE_KEY": "private",
}


def test_production_starts_when_every_required_value_is_set():
    result = import_production_settings(**REQUIRED, **LIQPAY)

    assert result.returncode == 0, result.stderr


def test_production_refuses_the_sandbox_payment_gateway():
    result = import_production_settings(**REQUIRED, PAYMENTS_GATEWAY="sandbox")

    assert result.returncode != 0
    assert "PAYMENTS_GATEWAY is 'sandbox'" in result.stderr


def test_a_staging_server_may_run_the_sandbox_when_told_so():
    result = import_production_settings(
        **REQUIRED, PAYMENTS_GATEWAY="sandbox", PAYMENTS_ALLOW_SANDBOX="true"
    )

    assert result.returncode == 0, result.stderr


def test_the_interface_is_ukrainian_first_and_dates_are_in_kyiv(settings):
    assert settings.LANGUAGE_CODE == "uk"
    assert [code for code, _ in settings.LANGUAGES] == ["uk", "en"]
    assert settings.TIME_ZONE == "Europe/Kyiv"


def import_test_settings(name, **env):
    """Import the test settings with ``env`` added and print ``name``."""
    return subprocess.run(
        [sys.executable, "-c", f"import cms.settings.test as s; print(s.{name})"],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_value(name, **env):
    """``name`` of the test settings as imported with ``env`` added."""
    result = import_test_settings(name, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_visitors_behind_a_proxy_are_told_apart_only_when_configured():
    assert settings_value("ALLAUTH_TRUSTED_PROXY_COUNT", TRUSTED_PROXY_COUNT="") == "0"
    assert settings_value("ALLAUTH_TRUSTED_PROXY_COUNT", TRUSTED_PROXY_COUNT="1") == "1"


def test_bills_are_due_on_the_20th_unless_the_city_says_otherwise():
    assert settings_value("BILLING_DUE_DAY", BILLING_DUE_DAY="") == "20"
    assert settings_value("BILLING_DUE_DAY", BILLING_DUE_DAY="25") == "25"


@pytest.mark.parametrize("day", ["0", "32", "twenty"])
def test_a_due_day_that_is_no_day_of_a_month_is_refused(day):
    result = import_test_settings("BILLING_DUE_DAY", BILLING_DUE_DAY=day)

    assert result.returncode != 0
    assert "BILLING_DUE_DAY must be" in result.stderr
