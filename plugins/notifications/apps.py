from django.utils.translation import gettext_lazy as _

from cms.core.plugins import PortalPlugin


class NotificationsConfig(PortalPlugin):
    """Notices to a signed-in user: kept in their cabinet and sent by e-mail.

    Other plugins call ``plugins.notifications.services.notify``; the portal's
    header shows the count of unread notices while this plugin is enabled.
    """

    name = "plugins.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    url_prefix = "cabinet/notices/"

    def template_context(self, request):
        from plugins.notifications.counter import NoticeCounter

        return {"notice_counter": NoticeCounter(request.user)}
