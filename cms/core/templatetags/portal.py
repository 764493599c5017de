"""Template filters every page of the portal uses."""

from django import template
from django.urls import NoReverseMatch, reverse

from cms.core.money import format_number, format_uah

register = template.Library()


@register.filter
def uah(value):
    """Money as ``1 234,56 грн``; empty for a missing value."""
    if value is None or value == "":
        return ""
    return format_uah(value)


@register.filter
def price(value):
    """A tariff price with its significant places: ``29,052``."""
    if value is None or value == "":
        return ""
    return format_number(value, places=None)


@register.filter
def number(value, places=2):
    if value is None or value == "":
        return ""
    return format_number(value, places)


@register.simple_tag
def url_if_installed(name, *args):
    """The URL of a plugin's view, or an empty string when the plugin is off."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
