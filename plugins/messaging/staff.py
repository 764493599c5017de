"""The moderators: a Wagtail group that may open the admin and see and handle
reported private messages. The forum adds its own moderation to the same group."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

# The forum's moderators' group; not Wagtail's own "Moderators", which may
# publish every page.
GROUP = "Community moderators"


def moderators_group():
    """The group with the messaging rights added; other plugins' rights stay."""
    group, _ = Group.objects.get_or_create(name=GROUP)
    wanted = Q(content_type__app_label="wagtailadmin", codename="access_admin") | Q(
        content_type__app_label="messaging",
        codename__in=["view_report", "change_report"],
    )
    group.permissions.add(*Permission.objects.filter(wanted))
    return group
