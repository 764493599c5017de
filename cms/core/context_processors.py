from django.conf import settings


def portal(request):
    """Names every template may need: the site's name and the enabled plugins."""
    return {
        "PORTAL_SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "PORTAL_PLUGINS": settings.PORTAL_PLUGINS,
    }
