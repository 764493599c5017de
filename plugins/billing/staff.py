"""Which providers' data a member of staff may see in the admin.

A superuser sees every provider's. Anyone else sees the providers they work
for (``ProviderStaff``): the permission to view imports, export readings or
keep meters says what they may do, this says for whom. A city's own billing
officers are made staff of each provider they serve.
"""

from cms.directory.models import Provider
from plugins.billing.models import ProviderStaff


def staff_providers(user):
    """The providers ``user`` works for, by name."""
    providers = Provider.objects.order_by("short_name")
    if user.is_superuser:
        return providers
    return providers.filter(
        pk__in=ProviderStaff.objects.filter(user=user).values("provider")
    )
