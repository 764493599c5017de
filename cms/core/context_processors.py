from django.conf import settings
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from cms.core.plugins import enabled_plugins


def site_name(request):
    """The name editors gave the site in Wagtail, or the configured default."""
    site = Site.find_for_request(request)
    return (site and site.site_name) or settings.WAGTAIL_SITE_NAME


def portal(request):
    """Names every template may need: the site's name, the enabled plugins and
    what each of them adds."""
    context = {
        "PORTAL_SITE_NAME": SimpleLazyObject(lambda: site_name(request)),
        "PORTAL_PLUGINS": settings.PORTAL_PLUGINS,
    }
    for plugin in enabled_plugins():
        context.update(plugin.template_context(request))
    return context
