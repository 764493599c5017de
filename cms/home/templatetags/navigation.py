"""The site's main menu, built from what editors put in the menu."""

from django import template
from django.conf import settings
from django.utils.translation import get_language_from_path
from wagtail.models import Site

from cms.home.menu import menu_items

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """``[(item, url, is_current), ...]`` for the live children of the site's
    home page that editors marked "show in menus"; ``item.title`` is the page's
    title (see cms/home/menu.py)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []

    current_path = request.path
    return [
        (item, item.url, bool(item.url) and current_path.startswith(item.url))
        for item in menu_items(site, request)
    ]


@register.simple_tag(takes_context=True)
def path_without_language(context):
    """The current path without its /en/ prefix, for the language switcher.

    Django's set_language only finds the page behind a path in the language
    that is active when it runs, so it is given the path every language shares.
    """
    request = context["request"]
    path = request.get_full_path()
    language = get_language_from_path(request.path_info)
    if language and path.startswith(f"/{language}/"):
        return path[len(language) + 1 :]
    return path


@register.simple_tag(takes_context=True)
def language_links(context):
    """``[(code, url), ...]``: the current address in each language, the
    default one at the root and the others under their prefix."""
    path = path_without_language(context)
    return [
        (code, path if code == settings.LANGUAGE_CODE else f"/{code}{path}")
        for code, _name in settings.LANGUAGES
    ]
