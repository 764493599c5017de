"""``manage.py demo_code``: the code the demo staff's authenticator app shows
now, for signing in to a local demo without a phone."""

from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.management.base import BaseCommand

from fixtures.seed import DEFAULT_CITY


class Command(BaseCommand):
    help = (
        "Print the current sign-in code of the demo's staff accounts (the "
        "authenticator secret seed_demo gives them). A local demo only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--city", default=DEFAULT_CITY)

    def handle(self, *args, city, **options):
        demo = __import__(f"fixtures.{city}", fromlist=["demo"]).demo
        counter = next(iter(yield_hotp_counters_from_time()))
        code = format_hotp_value(hotp_value(demo.STAFF_TOTP_SECRET, counter))
        self.stdout.write(code)
