"""The portal's Content-Security-Policy (django-csp), and the admin's wider one.

Every page runs only scripts and styles from the portal's own static files:
no inline script, no event handler attribute, no ``javascript:`` link, so a
piece of injected markup cannot run. Pictures may also come as ``data:``
addresses (QR codes) and from the media bucket's host; forms post to the
portal, and to the bank's page when a real payment gateway is chosen.
The admin's wider policy is applied by cms/core/csp_middleware.py.
"""

from urllib.parse import urlsplit

from csp.constants import NONE, SELF, UNSAFE_INLINE

#: Where LiqPay's checkout form is posted (plugins/payments/gateways.py).
LIQPAY_ORIGIN = "https://www.liqpay.ua"

ADMIN_PREFIX = "/admin/"

#: Wagtail's preview panel shows the page being edited in a frame of the
#: admin itself, so the admin may be framed by the portal.
ADMIN_REPLACEMENTS = {"frame-ancestors": [SELF]}
#: What Wagtail's admin needs on top. Scripts: its date and time widgets and
#: its inline panels (e.g. a news item's addresses) start themselves from an
#: inline script, and when an editor adds a row Wagtail copies such scripts
#: into new script elements, so a nonce would not reach them. Styles: its
#: editor's scripts add style elements at run time, and its screens (and the
#: subsidy office's) carry style attributes.
ADMIN_ADDITIONS = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]}


def content_security_policy(*, image_origins=(), form_targets=()):
    """django-csp's CONTENT_SECURITY_POLICY setting."""
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF],
            "img-src": [SELF, "data:", *image_origins],
            "font-src": [SELF],
            "connect-src": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            "frame-ancestors": [NONE],
            "form-action": [SELF, *form_targets],
        }
    }


def media_origins(media_bucket, *, endpoint_url=None, region=None, media_domain=None):
    """The origins the media bucket's images are linked from (cms/storages.py);
    none when media stay on the portal's own disk."""
    if media_domain:
        return [f"https://{media_domain}"]
    if not media_bucket:
        return []
    if endpoint_url:
        parts = urlsplit(endpoint_url)
        return [f"{parts.scheme}://{parts.netloc}"]
    hosts = [f"{media_bucket}.s3.amazonaws.com"]
    if region:
        hosts.append(f"{media_bucket}.s3.{region}.amazonaws.com")
    return [f"https://{host}" for host in hosts]


def payment_form_targets(gateway):
    """Where a payer's checkout form is posted besides the portal itself."""
    return [LIQPAY_ORIGIN] if gateway == "liqpay" else []
