"""The moderators: a Wagtail group that may open the admin and see and handle
reported private messages, and nothing else of the portal."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

GROUP = "Moderators"


def moderators_group():
    """The group, holding exactly its permissions; run again, it resets them."""
    group, _ = Group.objects.get_or_create(name=GROUP)
    wanted = Q(content_type__app_label="wagtailadmin", codename="access_admin") | Q(
        content_type__app_label="messaging",
        codename__in=["view_report", "change_report"],
    )
    group.permissions.set(Permission.objects.filter(wanted))
    return group
