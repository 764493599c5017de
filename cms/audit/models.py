from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One event of the audit log. Rows are only ever added: a trigger of the
    migration refuses UPDATE, DELETE and TRUNCATE on the table.

    The actor is a plain user id, not a foreign key, so that deleting a user
    neither changes nor removes what they did; the target is named by its
    model's label and primary key for the same reason.

    Unmanaged: the migration creates the table, and Django's ``flush`` (which
    the test suite runs between transactional tests) leaves it alone instead
    of failing on the refused TRUNCATE.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(_("user id"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    facts = models.JSONField(_("facts"), default=dict, encoder=DjangoJSONEncoder)

    class Meta:
        managed = False
        db_table = "audit_entry"
        ordering = ["-at", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
            models.Index(fields=["actor_id", "at"], name="audit_actor"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
