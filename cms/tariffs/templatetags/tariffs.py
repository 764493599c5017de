"""How a tariff's price reads on the public site."""

from django import template

from cms.core.money import NBSP, format_number
from cms.tariffs.models import quantity_unit

register = template.Library()


@register.filter
def tariff_price(tariff):
    """``29,052 грн/м³``: the price with its significant places and the unit."""
    if tariff is None or tariff.price is None:
        return ""
    # The hryvnia sign is fixed like in cms.core.money; only the unit translates.
    return f"{format_number(tariff.price, places=None)}{NBSP}грн/{tariff.get_unit_display()}"


@register.filter(name="quantity_unit")
def quantity_unit_filter(code):
    """The short unit after a volume: ``m2_month`` -> ``m²``."""
    return quantity_unit(code or "")


@register.filter
def lead(text, limit):
    """The start of ``text`` up to ``limit`` characters, cut at a word and
    ended with "…"; a text that fits is returned whole, so a template can
    tell by comparing whether there is more to disclose."""
    text = text or ""
    limit = int(limit)
    if len(text) <= limit:
        return text

    cut = text.rfind(" ", 0, limit)
    start = text[: cut if cut > 0 else limit]
    # A cut after a separator would leave it dangling before the ellipsis.
    return start.rstrip(" ,;:—–-") + "…"
