"""Writing entries of the audit log."""

import datetime
from decimal import Decimal
from functools import partial

from django.db.models.signals import post_delete

from cms.audit.actor import current_user

#: The default actor: whoever the current request is signed in as.
REQUEST_USER = object()

# What a fact may be: ids, counts, statuses, codes, amounts and dates. An
# object (a user, a dwelling) is refused, since its text could name a person.
SCALARS = (str, int, bool, Decimal, datetime.date, type(None))


def record(action, actor=REQUEST_USER, target=None, **facts):
    """Add one entry to the audit log and return it.

    ``action`` is a dotted code such as ``billing.import.applied``; ``actor``
    the user who acted, None for the portal itself or a bank, or by default
    the current request's user; ``target`` the model instance acted on. The
    ``facts`` are ids, counts, statuses, codes and amounts, or lists of them;
    never a name, e-mail, address, income or a document's content.
    """
    from cms.audit.models import AuditEntry

    if actor is REQUEST_USER:
        actor = current_user()
    return AuditEntry.objects.create(
        action=action,
        actor_id=actor_id(actor),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        facts=checked(facts),
    )


def actor_id(actor):
    if actor is None or not getattr(actor, "is_authenticated", True):
        return None
    return actor if isinstance(actor, int) else actor.pk


def checked(facts):
    for name, value in facts.items():
        values = value if isinstance(value, list | tuple) else [value]
        if not all(isinstance(item, SCALARS) for item in values):
            raise TypeError(f"Audit fact {name!r} must be an id, code or amount.")
    return facts


def record_deletions(model, action, facts=None):
    """Record every deletion of ``model`` (one entry per object, bulk queryset
    deletes included; raw SQL is not seen) as ``action`` by the current
    request's user. ``facts``, if given, maps the deleted instance to the
    entry's facts."""
    receiver = partial(deleted, action=action, facts=facts)
    post_delete.connect(
        receiver, sender=model, weak=False, dispatch_uid=f"audit_{action}"
    )


def deleted(sender, instance, action, facts, **kwargs):
    record(action, target=instance, **(facts(instance) if facts else {}))
