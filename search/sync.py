"""Keeping the index in step as content changes.

Every save and delete is looked at once: when it is an object of a registered
type, or a change a type's triggers name, the stale documents are read again
by a task after the transaction commits, so a rolled-back change never
reaches the index. The default task backend runs it at once, in the request;
on a worker backend the request only enqueues it.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from search import registry


def connect():
    registry.on_register(watch)


def watch(searchable):
    """Listen to the saves and deletes that concern one type, and no others:
    a receiver for every model would stop Django deleting rows in bulk."""
    senders = [searchable.model, *(trigger.sender for trigger in searchable.triggers)]
    for sender in senders:
        for signal in (post_save, post_delete):
            signal.connect(changed, sender=sender, dispatch_uid=("search", sender))
    for trigger in searchable.triggers:
        if trigger.fields:
            pre_save.connect(
                remember, sender=trigger.sender, dispatch_uid=("search", trigger.sender)
            )


#: The fields triggers compare, per model, as they were before a save.
BEFORE = "_search_before"


def remember(sender, instance, raw=False, **kwargs):
    """Note the watched fields' stored values, to tell after the save
    whether any changed."""
    fields = sorted(
        {
            name
            for searchable in registry.registered()
            for trigger in searchable.triggers
            if trigger.fields and issubclass(sender, trigger.sender)
            for name in trigger.fields
        }
    )
    if raw or instance.pk is None or not fields:
        return
    stored = sender._base_manager.filter(pk=instance.pk).values(*fields).first()
    setattr(instance, BEFORE, stored)


def concerns(trigger, instance, deleted):
    """Whether a saved or deleted ``instance`` may change the type's documents."""
    if deleted or not trigger.fields:
        return True
    before = getattr(instance, BEFORE, None)
    if before is None:
        return True
    return any(before[name] != getattr(instance, name) for name in trigger.fields)


def watchers(sender, instance, deleted=False):
    """(type, stale) pairs that a change of a ``sender`` object concerns."""
    found = []
    for searchable in registry.registered():
        if issubclass(sender, searchable.model):
            found.append((searchable, lambda obj: [obj.pk]))
        found += [
            (searchable, trigger.stale)
            for trigger in searchable.triggers
            if issubclass(sender, trigger.sender)
            and concerns(trigger, instance, deleted)
        ]
    return found


def changed(sender, instance, raw=False, **kwargs):
    # Fixtures load rows as they are; the index is rebuilt after them.
    if raw:
        return
    deleted = "created" not in kwargs
    for searchable, stale in watchers(sender, instance, deleted):
        keys = stale(instance)
        schedule(searchable.key, None if keys is None else [str(key) for key in keys])


def changed_in_bulk(*models):
    """Rows of ``models`` changed where no signal is sent (SQL, bulk_create,
    QuerySet.update): refresh, after commit, every type they may show in.

    Bulk loads call this with what they wrote; a type it does not concern is
    left alone, so a billing import of private charges costs the index
    nothing. Returns the keys of the types refreshed.
    """
    keys = []
    for searchable in registry.registered():
        senders = [
            searchable.model,
            *(trigger.sender for trigger in searchable.triggers),
        ]
        if any(_related(model, sender) for model in models for sender in senders):
            schedule(searchable.key, None)
            keys.append(searchable.key)
    return keys


def _related(model, sender):
    return issubclass(model, sender) or issubclass(sender, model)


def schedule(key, pks):
    """Refresh ``pks`` of type ``key`` (all of them when None) after commit."""
    if pks == []:
        return
    from search.tasks import refresh_index

    transaction.on_commit(lambda: refresh_index.enqueue(key, pks))
