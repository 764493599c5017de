"""``manage.py resend_notice_emails``: queue again the e-mail of every recent
notice that has not gone out. Run it every 15 minutes from the machine's
scheduler (docs/operations.md); with nothing due it queues nothing."""

from django.core.management.base import BaseCommand

from plugins.notifications.resend import resend_unsent


class Command(BaseCommand):
    help = "Queue again the e-mail of recent notices the mail server did not take."

    def handle(self, *args, **options):
        self.stdout.write(f"{resend_unsent()} notices queued for e-mail")
