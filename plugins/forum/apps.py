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
