"""``manage.py seed_demo``: a complete demo city on the current database."""

from django.apps import apps
from django.core.management.base import BaseCommand

from fixtures.seed import DEFAULT_CITY, DEFAULT_DWELLINGS, seed_demo


class Command(BaseCommand):
    help = (
        "Load a city's real public data, fill its gaps with flagged examples and "
        "add the demo site, demo users and a year of synthetic billing. Safe to "
        "run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--city", default=DEFAULT_CITY)
        parser.add_argument(
            "--dwellings",
            type=int,
            default=DEFAULT_DWELLINGS,
            help="How many synthetic dwellings to create (default %(default)s).",
        )

    def handle(self, *args, city, dwellings, **options):
        report = seed_demo(city_name=city, dwellings=dwellings)
        demo = __import__(f"fixtures.{city}", fromlist=["demo"]).demo

        first, last = report.months[0], report.months[-1]
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo seeded in {report.seconds:.1f} s: {report.dwellings} dwellings, "
                f"{report.accounts} accounts, {report.charges} charges, "
                f"{report.payments} payments ({first:%m.%Y}–{last:%m.%Y})."
            )
        )
        self.stdout.write("Demo logins for a local demo only:")
        for email, password in [
            (demo.RESIDENT_EMAIL, demo.RESIDENT_PASSWORD),
            (demo.NEIGHBOUR_EMAIL, demo.NEIGHBOUR_PASSWORD),
            (demo.EDITOR_EMAIL, demo.EDITOR_PASSWORD),
            (demo.ADMIN_EMAIL, demo.ADMIN_PASSWORD),
            (demo.SOCIAL_EMAIL, demo.SOCIAL_PASSWORD),
            *self.forum_people(demo),
        ]:
            self.stdout.write(f"  {email}  {password}")
        self.stdout.write(
            "The editor, administrator, officer and moderator also type a code "
            "from an authenticator app: `manage.py demo_code` prints it, or add "
            f"the secret {demo.STAFF_TOTP_SECRET} to an app."
        )
        self.stdout.write(f"The resident's home: {report.resident_home}")
        if apps.is_installed("plugins.forum"):
            self.stdout.write(
                f"{demo.WATER_EMAIL} answers in the forum for the water provider; "
                f"{demo.MODERATOR_EMAIL} moderates the forum and reported messages."
            )
        if report.to_link:
            address, provider, number, code = report.to_link
            self.stdout.write(
                f"To try linking a dwelling: {provider}, account {number}, "
                f"access code {code} ({address})"
            )

    def forum_people(self, demo):
        if not apps.is_installed("plugins.forum"):
            return []
        return [
            (demo.WATER_EMAIL, demo.WATER_PASSWORD),
            (demo.MODERATOR_EMAIL, demo.MODERATOR_PASSWORD),
        ]
