"""How the cabinet finds the check of a charge among a page's checks."""

from django import template

register = template.Library()


@register.filter
def check_of(checks, charge):
    """``checks|check_of:charge`` -> the charge's ChargeCheck, or None."""
    return checks.get(charge.pk) if checks else None
