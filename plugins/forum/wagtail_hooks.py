"""The forum's admin screens: reported posts for moderators, and who answers
for which provider."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from cms.core.admin_menu import PermissionMenuItem
from plugins.forum import moderation
from plugins.forum.models import Representative


@hooks.register("register_admin_urls")
def report_urls():
    return [
        path("forum-reports/", moderation.reported_posts, name="forum_post_reports"),
        path(
            "forum-reports/<int:pk>/handled/",
            moderation.handle,
            name="forum_post_report_handled",
        ),
    ]


@hooks.register("register_admin_menu_item")
def report_menu_item():
    return PermissionMenuItem(
        _("Reported forum posts"),
        reverse("forum_post_reports"),
        moderation.VIEW,
        icon_name="warning",
        order=901,
    )


class RepresentativeViewSet(ModelViewSet):
    """Who speaks for which provider in the forum. Model permissions decide
    access, so administrators keep it unless they grant it to a group."""

    model = Representative
    icon = "user"
    add_to_admin_menu = True
    menu_label = _("Forum representatives")
    menu_order = 911
    form_fields = ["user", "provider"]
    list_display = ["user", "provider", "since"]
    list_filter = ["provider"]


@hooks.register("register_admin_viewset")
def register_representatives():
    return RepresentativeViewSet("forum_representatives")
