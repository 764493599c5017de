"""Role changes and deletions of users: their groups and permissions, the
staff, superuser and active flags, and the user's deletion."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_save, pre_save

from cms.audit.recording import record, record_deletions

#: The flags that decide what a user may do in the portal and its admin.
FLAGS = ("is_staff", "is_superuser", "is_active")

#: The user's many-to-many role fields and the codes of their changes.
ROLE_FIELDS = {
    "groups": "users.user.groups",
    "user_permissions": "users.user.permissions",
}


def connect():
    user_model = get_user_model()
    pre_save.connect(note_flags, sender=user_model, dispatch_uid="audit_user_flags")
    post_save.connect(
        record_flags, sender=user_model, dispatch_uid="audit_user_flags_saved"
    )
    for field, action in ROLE_FIELDS.items():
        through = getattr(user_model, field).through
        m2m_changed.connect(
            role_receiver(action), sender=through, weak=False, dispatch_uid=action
        )
    record_deletions(user_model, "users.user.deleted")


def note_flags(sender, instance, raw=False, update_fields=None, **kwargs):
    """Keep on the instance which flags this save changes, compared with the
    stored row; a save of other fields only (a sign-in's last_login) costs
    nothing."""
    instance._audit_flags = {}
    if raw or (update_fields is not None and not set(FLAGS) & set(update_fields)):
        return
    stored = None
    if not instance._state.adding:
        stored = sender.objects.filter(pk=instance.pk).values(*FLAGS).first()
    if stored is None:
        # A new account: only the flags that give it more than a resident's.
        stored = {
            "is_staff": False,
            "is_superuser": False,
            "is_active": instance.is_active,
        }
    instance._audit_flags = {
        flag: [stored[flag], getattr(instance, flag)]
        for flag in FLAGS
        if stored[flag] != getattr(instance, flag)
    }


def record_flags(sender, instance, **kwargs):
    changed = getattr(instance, "_audit_flags", None)
    if changed:
        record("users.user.flags_changed", target=instance, **changed)
    instance._audit_flags = {}


def role_receiver(code):
    """The m2m_changed receiver of one role field: an entry per user whose
    groups (or permissions) were added or removed, with their ids."""

    def changed(sender, instance, action, reverse, model, pk_set, **kwargs):
        if action == "pre_clear":
            instance._audit_cleared = current_ids(instance, model, reverse)
            return
        if action == "post_clear":
            pk_set = instance.__dict__.pop("_audit_cleared", set())
            action = "post_remove"
        if action not in ("post_add", "post_remove") or not pk_set:
            return

        verb = "added" if action == "post_add" else "removed"
        for user, ids in users_and_ids(instance, model, reverse, pk_set):
            record(f"{code}_{verb}", target=user, ids=sorted(ids))

    return changed


def current_ids(instance, model, reverse):
    """Before a clear: the related ids, or for a group the users' ids."""
    if reverse:
        return set(instance.user_set.values_list("pk", flat=True))
    field = "groups" if model._meta.model_name == "group" else "user_permissions"
    return set(getattr(instance, field).values_list("pk", flat=True))


def users_and_ids(instance, model, reverse, pk_set):
    """(user, ids of what changed) for each user: ``user.groups.add(...)`` is
    one user, ``group.user_set.add(...)`` one entry per user added."""
    if not reverse:
        return [(instance, pk_set)]
    users = model.objects.filter(pk__in=pk_set).order_by("pk")
    return [(user, {instance.pk}) for user in users]
