"""Notices and news subscriptions in a resident's data export; closing their
account deletes them all, since nothing here is a record the law keeps."""

from plugins.notifications.models import Notice, Subscription, Told

#: The newest notices the export lists.
MAX_NOTICES = 2000


def notifications_data_of(user):
    """The export's "notifications" section; two queries."""
    notices = Notice.objects.filter(recipient=user).order_by("-created_at", "-pk")
    subscription = Subscription.objects.filter(user=user).first()
    return {
        "notices": list(
            notices.values("subject", "body", "link", "created_at", "read_at")[
                :MAX_NOTICES
            ]
        ),
        "subscription": subscription
        and {
            "kinds": subscription.kinds,
            "only_mine": subscription.only_mine,
            "email": subscription.email,
        },
    }


def erase_notifications_of(user):
    Notice.objects.filter(recipient=user).delete()
    Subscription.objects.filter(user=user).delete()
    Told.objects.filter(user=user).delete()
