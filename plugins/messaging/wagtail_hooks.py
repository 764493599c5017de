"""The messaging plugin's admin screen: reported messages for moderators."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from cms.core.admin_menu import PermissionMenuItem
from plugins.messaging import moderation


@hooks.register("register_admin_urls")
def report_urls():
    return [
        path("message-reports/", moderation.reports, name="messaging_reports"),
        path(
            "message-reports/<int:pk>/handled/",
            moderation.handle,
            name="messaging_report_handled",
        ),
    ]


@hooks.register("register_admin_menu_item")
def report_menu_item():
    return PermissionMenuItem(
        _("Reported messages"),
        reverse("messaging_reports"),
        moderation.VIEW,
        icon_name="warning",
        order=900,
    )
