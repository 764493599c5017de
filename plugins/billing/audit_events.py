"""What the billing plugin keeps in the portal's audit log beyond the steps
that record themselves (imports, bill runs, delegated access): who was made a
provider's staff or ceased to be, and deleted dwellings and accounts."""

from django.db.models.signals import post_delete, post_save

from cms import audit
from cms.directory.models import Provider
from plugins.billing.models import Dwelling, PersonalAccount, ProviderStaff


def connect():
    post_save.connect(
        staff_saved, sender=ProviderStaff, dispatch_uid="billing_audit_staff_saved"
    )
    post_delete.connect(
        staff_removed, sender=ProviderStaff, dispatch_uid="billing_audit_staff_removed"
    )
    audit.record_deletions(Dwelling, "billing.dwelling.deleted")
    audit.record_deletions(PersonalAccount, "billing.account.deleted", account_facts)


def staff_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    action = (
        "billing.provider_staff.added" if created else "billing.provider_staff.changed"
    )
    audit.record(action, target=instance, **staff_facts(instance))


def staff_removed(sender, instance, **kwargs):
    audit.record(
        "billing.provider_staff.removed", target=instance, **staff_facts(instance)
    )


def staff_facts(staff):
    return {"user_id": staff.user_id, "provider": provider_code(staff.provider_id)}


def account_facts(account):
    return {
        "dwelling_id": account.dwelling_id,
        "provider": provider_code(account.provider_id),
    }


def provider_code(provider_id):
    # By id: the provider may be going in the same cascade as the row.
    return (
        Provider.objects.filter(pk=provider_id).values_list("code", flat=True).first()
        or ""
    )
