from django.core.management.base import BaseCommand

from plugins.forum.services import seed_forums


class Command(BaseCommand):
    help = (
        "Create the forums (one per provider, city topics, announcements, portal "
        "feedback) and who may post where. Safe to run again."
    )

    def handle(self, *args, **options):
        forums = seed_forums()
        self.stdout.write(f"{len(forums)} forums ready.")
