from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from cms.core.plugins import PortalPlugin


class ForumConfig(PortalPlugin):
    """The residents' forum, run by the django-machina engine.

    The engine's apps (``plugins.forum.machina_apps``) are installed beside this
    plugin only while it is enabled; the label is not "forum", which the engine
    takes for its own app.
    """

    name = "plugins.forum"
    label = "portal_forum"
    verbose_name = _("Forum")
    url_prefix = "forum/"

    def ready(self):
        super().ready()
        # Imported here: the engine's models load only with this plugin.
        from plugins.forum.search import register_search

        register_search()

        from cms.users.personal_data import (
            register_personal_data,
            register_personal_data_eraser,
        )
        from plugins.forum.personal_data import erase_forum_profile_of, forum_data_of

        register_personal_data("forum", forum_data_of)
        register_personal_data_eraser("forum", erase_forum_profile_of)
        # The moderators' group is ready to be given to people after any migrate.
        post_migrate.connect(prepare_moderators, sender=self)


def prepare_moderators(**kwargs):
    from plugins.forum.services import moderators_group

    moderators_group()
