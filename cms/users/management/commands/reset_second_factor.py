"""``manage.py reset_second_factor EMAIL``: forget a person's authenticator
app and recovery codes, for a staff member who lost their phone and every
recovery code. They set up a new app at their next sign-in.
"""

import logging

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cms import audit

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Remove a person's authenticator app and recovery codes, after checking "
        "who they are in person; they set up a new app at their next sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = self.person(email)
        with transaction.atomic():
            kinds = list(
                Authenticator.objects.filter(user=user).values_list("type", flat=True)
            )
            Authenticator.objects.filter(user=user).delete()
            audit.record(
                "users.authenticator.reset", actor=None, target=user, kinds=kinds
            )
        logger.info("second factor of user %s reset (%d removed)", user.pk, len(kinds))
        self.stdout.write(
            f"Removed {len(kinds)} authenticator(s) of user {user.pk}; "
            "a new app is set up at the next sign-in."
        )

    def person(self, email):
        found = get_user_model().objects.filter(email__iexact=email.strip())
        if found.count() != 1:
            raise CommandError(f"No single user has the e-mail address {email!r}.")
        return found.get()
