"""The Permissions-Policy header: browser features no page of the portal uses.

Django has no setting for it. A page that never asks for the camera or the
payer's location should not let a script injected into it, or a frame, ask
either. Sign-in keys (WebAuthn) and fullscreen stay allowed to the portal
itself, should a later page want them.
"""

#: Features no page of the portal uses; each is denied to every origin.
DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)

HEADER = "Permissions-Policy"
POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)


class PermissionsPolicyMiddleware:
    """Add the portal's Permissions-Policy to every response that has none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(HEADER, POLICY)
        return response
