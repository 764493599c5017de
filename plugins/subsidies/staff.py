"""The social-protection office's staff: a Wagtail group that may open the
admin and handle subsidy applications, and nothing else of the portal."""

from functools import reduce
from operator import or_

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

GROUP = "Social protection"

# (app, codename): the admin itself, and the applications with what they hold.
PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("subsidies", "view_subsidyapplication"),
    ("subsidies", "change_subsidyapplication"),
    ("subsidies", "view_householdmember"),
    ("subsidies", "view_income"),
    ("subsidies", "view_subsidydocument"),
)


def social_protection_group():
    """The group, holding exactly its permissions; run again, it resets them."""
    group, _ = Group.objects.get_or_create(name=GROUP)
    wanted = reduce(
        or_,
        (Q(content_type__app_label=app, codename=code) for app, code in PERMISSIONS),
    )
    group.permissions.set(Permission.objects.filter(wanted))
    return group
