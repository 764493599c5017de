"""Who may see the audit log: superusers, and they only read it.

No permission can be granted to a group or a user to see or change the log,
so an editor or a member of an office never reaches it, whatever their
groups; and no one, superusers included, may add, change or delete an entry
from the admin.
"""

from django.contrib.auth import get_user_model
from wagtail.permission_policies.base import BasePermissionPolicy


class SuperusersReadOnlyPolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        return action == "view" and may_read(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and may_read(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True, is_superuser=True)
        return users if "view" in actions else users.none()


def may_read(user):
    return user.is_authenticated and user.is_active and user.is_superuser
