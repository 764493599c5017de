"""The LiqPay-style checkout form and callback signatures, computed by hand."""

import base64
import hashlib
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from plugins.payments.gateways import CallbackError, LiqPayGateway
from tests.payments.conftest import signed_callback

ROOT = Path(__file__).resolve().parents[2]


def liqpay_signature(private_key, data):
    digest = hashlib.sha1((private_key + data + private_key).encode()).digest()
    return base64.b64encode(digest).decode()


@pytest.fixture
def liqpay():
    return LiqPayGateway("public-test", "private-test")


def test_the_checkout_carries_the_order_as_signed_base64_json(liqpay, payment):
    checkout = liqpay.checkout(
        payment,
        description="Оплата",
        result_url="http://127.0.0.1/cabinet/",
        server_url="http://127.0.0.1/payments/callback/",
    )

    params = json.loads(base64.b64decode(checkout.fields["data"]), parse_float=Decimal)
    assert checkout.action == "https://www.liqpay.ua/api/3/checkout"
    assert not checkout.local
    assert params["version"] == 3
    assert params["public_key"] == "public-test"
    assert params["action"] == "pay"
    assert params["amount"] == Decimal("1234.56")
    assert params["currency"] == "UAH"
    assert params["order_id"] == payment.order_id
    assert params["server_url"] == "http://127.0.0.1/payments/callback/"
    assert checkout.fields["signature"] == liqpay_signature(
        "private-test", checkout.fields["data"]
    )


def test_a_callback_signed_with_the_key_is_read(liqpay, payment):
    result = liqpay.verify_callback(signed_callback(liqpay, payment))

    assert result.order_id == payment.order_id
    assert result.amount == Decimal("1234.56")
    assert result.status == "success"


def test_a_callback_signed_with_another_key_is_refused(liqpay, payment):
    forged = signed_callback(LiqPayGateway("public-test", "guess"), payment)

    with pytest.raises(CallbackError, match="bad signature") as caught:
        liqpay.verify_callback(forged)

    assert caught.value.order_id == payment.order_id


def test_changed_data_under_a_good_signature_is_refused(liqpay, payment):
    fields = signed_callback(liqpay, payment)
    changed = json.loads(base64.b64decode(fields["data"]))
    changed["amount"] = 1.0
    fields["data"] = base64.b64encode(json.dumps(changed).encode()).decode()

    with pytest.raises(CallbackError, match="bad signature"):
        liqpay.verify_callback(fields)


def test_the_sandbox_checkout_is_a_page_of_the_portal(gateway, payment):
    checkout = gateway.checkout(
        payment, description="x", result_url="/r/", server_url="/s/"
    )

    assert checkout.local
    assert checkout.action == f"/payments/sandbox/{payment.order_id}/"


@pytest.mark.parametrize("missing", ["LIQPAY_PUBLIC_KEY", "LIQPAY_PRIVATE_KEY"])
def test_liqpay_without_its_keys_stops_the_site_naming_the_key(missing):
    env = {**os.environ, "PAYMENTS_GATEWAY": "liqpay"}
    env.update({"LIQPAY_PUBLIC_KEY": "pk", "LIQPAY_PRIVATE_KEY": "sk"})
    del env[missing]

    result = subprocess.run(
        [sys.executable, "-c", "import cms.settings.base"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert f"The environment variable {missing} must be set" in result.stderr
