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

    def ready(self):
        super().ready()
        from cms.news.signals import news_published
        from plugins.notifications.news import tell_city

        news_published.connect(tell_city, dispatch_uid="notifications_tell_city")

        from cms.users.personal_data import (
            register_personal_data,
            register_personal_data_eraser,
        )
        from plugins.notifications.personal_data import (
            erase_notifications_of,
            notifications_data_of,
        )

        register_personal_data("notifications", notifications_data_of)
        register_personal_data_eraser("notifications", erase_notifications_of)

    def template_context(self, request):
        from plugins.notifications.counter import NoticeCounter

        return {"notice_counter": NoticeCounter(request.user)}
