from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from cms.core.plugins import PortalPlugin


class MessagingConfig(PortalPlugin):
    """Private messages between registered users, found by display name.

    The portal's header shows how many conversations hold unread messages
    while this plugin is enabled.
    """

    name = "plugins.messaging"
    label = "messaging"
    verbose_name = _("Private messages")
    url_prefix = "cabinet/messages/"

    def ready(self):
        super().ready()
        # The moderators' group is ready to be given to people after any migrate.
        post_migrate.connect(prepare_moderators, sender=self)

        from cms.users.personal_data import (
            register_personal_data,
            register_personal_data_eraser,
        )
        from plugins.messaging.personal_data import erase_messages_of, messages_data_of

        register_personal_data("private_messages", messages_data_of)
        register_personal_data_eraser("private_messages", erase_messages_of)

    def template_context(self, request):
        from plugins.messaging.counter import UnreadCounter

        return {"message_counter": UnreadCounter(request.user)}


def prepare_moderators(**kwargs):
    from plugins.messaging.staff import moderators_group

    moderators_group()
