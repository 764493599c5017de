"""The contract every portal plugin keeps.

A plugin is a Django app under ``plugins/`` whose AppConfig subclasses
:class:`PortalPlugin`. It names the URL prefix its views live under; the site
mounts each enabled plugin's ``urls`` module there. The contract is checked when
Django starts, so a misconfigured plugin fails loudly instead of half-working.
"""

from importlib import import_module

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured


class PortalPlugin(AppConfig):
    """Base configuration of a plugin app."""

    # Django picks the single AppConfig subclass found in a plugin's apps.py;
    # this base, imported there, must not count as a candidate, its subclasses must.
    default = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.default = True

    #: URL prefix under which the plugin's views are mounted, e.g. "cabinet/".
    url_prefix = None
    #: Module holding ``urlpatterns`` and ``app_name``; defaults to ``<app>.urls``.
    urls_module = None

    def ready(self):
        self.check_contract()
        super().ready()

    def check_contract(self):
        if not self.name.startswith("plugins."):
            raise ImproperlyConfigured(f"Plugin {self.name} must live under plugins/.")
        if self.url_prefix is not None and not self.url_prefix.endswith("/"):
            raise ImproperlyConfigured(
                f"Plugin {self.name}: url_prefix {self.url_prefix!r} must end with '/'."
            )

    def template_context(self, request):
        """Names this plugin adds to every page's template context, such as a
        counter in the header; a template guards on them, so a page renders
        the same without the plugin. Keep them lazy: most pages never read them."""
        return {}

    def get_urls_module(self):
        if self.url_prefix is None:
            return None
        return import_module(self.urls_module or f"{self.name}.urls")


def enabled_plugins():
    return [
        config for config in apps.get_app_configs() if isinstance(config, PortalPlugin)
    ]


def plugin_url_mounts():
    """(prefix, urls module) of every enabled plugin, refusing duplicate prefixes."""
    mounts = []
    seen = {}
    for plugin in enabled_plugins():
        module = plugin.get_urls_module()
        if module is None:
            continue
        if plugin.url_prefix in seen:
            raise ImproperlyConfigured(
                f"Plugins {seen[plugin.url_prefix]} and {plugin.name} both claim "
                f"the URL prefix {plugin.url_prefix!r}."
            )
        seen[plugin.url_prefix] = plugin.name
        mounts.append((plugin.url_prefix, module))
    return mounts
