"""How the cabinet and the bill write billing figures."""

from django import template

from cms.core.money import format_quantity

register = template.Library()


@register.filter
def volume(value):
    """A billed volume without padding zeros: ``3`` persons, ``22,05`` m³."""
    if value is None or value == "":
        return ""
    return format_quantity(value)
