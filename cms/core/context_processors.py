from django.conf import settings
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site


def site_name(request):
    """The name editors gave the site in Wagtail, or the configured default."""
    site = Site.find_for_request(request)
    return (site and site.site_name) or settings.WAGTAIL_SITE_NAME


def portal(request):
    """Names every template may need: the site's name and the enabled plugins."""
    return {
        "PORTAL_SITE_NAME": SimpleLazyObject(lambda: site_name(request)),
        "PORTAL_PLUGINS": settings.PORTAL_PLUGINS,
    }
