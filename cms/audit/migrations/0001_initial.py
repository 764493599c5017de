from django.db import migrations, models
import django.core.serializers.json
import django.utils.timezone


def fields():
    return [
        (
            "id",
            models.BigAutoField(
                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
            ),
        ),
        (
            "at",
            models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, verbose_name="when"
            ),
        ),
        (
            "actor_id",
            models.BigIntegerField(blank=True, null=True, verbose_name="user id"),
        ),
        (
            "action",
            models.CharField(db_index=True, max_length=80, verbose_name="action"),
        ),
        (
            "target_type",
            models.CharField(blank=True, max_length=100, verbose_name="target type"),
        ),
        (
            "target_id",
            models.CharField(blank=True, max_length=64, verbose_name="target id"),
        ),
        (
            "facts",
            models.JSONField(
                default=dict,
                encoder=django.core.serializers.json.DjangoJSONEncoder,
                verbose_name="facts",
            ),
        ),
    ]


def options(**extra):
    return {
        "verbose_name": "audit log entry",
        "verbose_name_plural": "audit log",
        "db_table": "audit_entry",
        "ordering": ["-at", "-pk"],
        "indexes": [
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
            models.Index(fields=["actor_id", "at"], name="audit_actor"),
        ],
        **extra,
    }


# History is only added to: every UPDATE, DELETE and TRUNCATE of the table is
# refused, whether it comes from the admin, the ORM or raw SQL.
# TODO: the portal's own database role owns the table and could still drop
# the trigger; a deployment that must resist a compromised application gives
# the table to another role and grants the portal only SELECT and INSERT.
APPEND_ONLY = """
CREATE FUNCTION audit_entry_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER audit_entry_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_change();
"""

ALLOW_CHANGES = """
DROP TRIGGER audit_entry_append_only ON audit_entry;
DROP FUNCTION audit_entry_refuse_change();
"""


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        # Django's state knows the model as unmanaged (see its docstring);
        # the database gets the table Django would have made for it.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=fields(),
                    options=options(managed=False),
                ),
            ],
            database_operations=[
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=fields(),
                    options=options(),
                ),
            ],
        ),
        migrations.RunSQL(APPEND_ONLY, ALLOW_CHANGES),
    ]
