"""Payment gateways: how the portal sends a payer to a bank and how it reads the
bank's signed answer. The services talk to every gateway through
:class:`PaymentGateway`; settings choose which one is used."""

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.urls import reverse

LIQPAY_CHECKOUT_URL = "https://www.liqpay.ua/api/3/checkout"


@dataclass(frozen=True)
class Checkout:
    """The form the payer's browser posts to the gateway: its action and fields."""

    action: str
    fields: dict
    #: The action is a page of this portal, so the form may carry a CSRF token;
    #: a form to a bank must not hand it the token.
    local: bool = False


@dataclass(frozen=True)
class CallbackResult:
    """What a verified callback says about one order."""

    order_id: str
    status: str
    amount: Decimal
    currency: str
    transaction_id: str


class CallbackError(Exception):
    """A callback that cannot be trusted or read. ``order_id`` is the order it
    claimed, for the log only: nothing it says is believed."""

    def __init__(self, reason, order_id=""):
        super().__init__(reason)
        self.reason = reason
        self.order_id = order_id


class PaymentGateway:
    """The contract of a gateway."""

    name = None

    def checkout(self, order, *, description, result_url, server_url):
        """The form that takes the payer to pay ``order`` (an OnlinePayment)."""
        raise NotImplementedError

    def verify_callback(self, request_data):
        """A :class:`CallbackResult` from the callback's form fields, or
        :class:`CallbackError` when the signature or content is wrong."""
        raise NotImplementedError


class SignedDataGateway(PaymentGateway):
    """LiqPay's scheme (API v3): the parameters travel as base64 of their JSON in
    ``data``, and ``signature`` is base64 of the SHA-1 of the private key, the
    data and the private key again. Callbacks are signed the same way."""

    def __init__(self, public_key, private_key):
        self.public_key = public_key
        self.private_key = private_key

    def action_for(self, order):
        raise NotImplementedError

    def encode(self, params):
        # Amounts go as JSON numbers; a float prints a two-place amount back
        # exactly (repr is the shortest round-trip), and decoding reads Decimal.
        text = json.dumps(params, ensure_ascii=False, default=float)
        return base64.b64encode(text.encode("utf-8")).decode("ascii")

    def decode(self, data):
        try:
            text = base64.b64decode(data, validate=True).decode("utf-8")
            params = json.loads(text, parse_float=Decimal)
        except (binascii.Error, UnicodeDecodeError, ValueError) as error:
            raise CallbackError("unreadable data") from error
        if not isinstance(params, dict):
            raise CallbackError("unreadable data")
        return params

    def sign(self, data):
        digest = hashlib.sha1(
            (self.private_key + data + self.private_key).encode("utf-8")
        ).digest()
        return base64.b64encode(digest).decode("ascii")

    def signed_message(self, params):
        """``data`` and ``signature`` form fields carrying ``params``."""
        data = self.encode(params)
        return {"data": data, "signature": self.sign(data)}

    def checkout(self, order, *, description, result_url, server_url):
        params = {
            "version": 3,
            "public_key": self.public_key,
            "action": "pay",
            "amount": order.amount,
            "currency": order.currency,
            "description": str(description),
            "order_id": order.order_id,
            "result_url": result_url,
            "server_url": server_url,
        }
        return Checkout(self.action_for(order), self.signed_message(params))

    def verify_message(self, request_data):
        """The parameters of a ``data``/``signature`` pair whose signature holds."""
        data = str(request_data.get("data", ""))
        signature = str(request_data.get("signature", ""))
        if not data or not hmac.compare_digest(self.sign(data), signature):
            raise CallbackError("bad signature", claimed_order(self, data))
        return self.decode(data)

    def verify_callback(self, request_data):
        params = self.verify_message(request_data)
        order_id = str(params.get("order_id", ""))[:64]
        try:
            amount = Decimal(str(params["amount"]))
            return CallbackResult(
                order_id=order_id,
                status=str(params["status"]),
                amount=amount,
                currency=str(params["currency"]),
                transaction_id=str(params.get("transaction_id", ""))[:64],
            )
        except (KeyError, InvalidOperation) as error:
            raise CallbackError("incomplete data", order_id) from error


def claimed_order(gateway, data):
    """The order an unverified message names, for the log; empty if unreadable."""
    try:
        return str(gateway.decode(data).get("order_id", ""))[:64]
    except CallbackError:
        return ""


class LiqPayGateway(SignedDataGateway):
    """LiqPay's hosted checkout page."""

    name = "liqpay"

    def action_for(self, order):
        return LIQPAY_CHECKOUT_URL


class SandboxGateway(SignedDataGateway):
    """A pretend bank inside the portal, for the demo and the tests: its card
    page takes no money and answers with a callback signed like LiqPay's."""

    name = "sandbox"

    def action_for(self, order):
        return reverse("payments:sandbox", args=[order.order_id])

    def checkout(self, order, **urls):
        found = super().checkout(order, **urls)
        return Checkout(found.action, found.fields, local=True)


def get_gateway():
    """The gateway the settings choose, with its keys."""
    # The sandbox takes no money; cms.settings.production refuses it unless
    # PAYMENTS_ALLOW_SANDBOX says the server is a staging one.
    if settings.PAYMENTS_GATEWAY == "liqpay":
        return LiqPayGateway(settings.LIQPAY_PUBLIC_KEY, settings.LIQPAY_PRIVATE_KEY)
    return SandboxGateway("sandbox", settings.PAYMENTS_SANDBOX_KEY)
