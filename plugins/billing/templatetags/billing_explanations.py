"""How the cabinet finds the explanation of a charge among a month's."""

from django import template

register = template.Library()


@register.filter
def explanation_of(explanations, charge):
    """``explanations|explanation_of:charge`` -> its Explanation, or None."""
    return explanations.get(charge.pk) if explanations else None
