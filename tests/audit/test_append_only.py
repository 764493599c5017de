"""History is only added to: neither the ORM nor raw SQL changes or removes an
entry, and deleting a user leaves what they did on record."""

import pytest
from django.db import DatabaseError, connection, transaction

from cms import audit
from cms.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(django_user_model):
    officer = django_user_model.objects.create_user(username="officer", password="x")
    return audit.record("billing.import.applied", actor=officer, rows=4)


def refused(change):
    """Run ``change`` in a savepoint and expect the table's trigger to refuse it."""
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        change()


def test_an_entry_cannot_be_changed_through_the_orm(entry):
    entry.action = "billing.import.rejected"

    refused(entry.save)
    refused(lambda: AuditEntry.objects.filter(pk=entry.pk).update(actor_id=None))

    entry.refresh_from_db()
    assert entry.action == "billing.import.applied"


def test_an_entry_cannot_be_deleted_through_the_orm(entry):
    refused(entry.delete)
    refused(lambda: AuditEntry.objects.all().delete())

    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entry SET facts = '{}' WHERE id = %s",
        "DELETE FROM audit_entry WHERE id = %s",
        "TRUNCATE audit_entry",
    ],
)
def test_raw_sql_cannot_change_or_remove_an_entry(entry, statement):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(statement, [entry.pk] if "%s" in statement else None)

    refused(run)

    assert AuditEntry.objects.get(pk=entry.pk).facts == {"rows": 4}


def test_deleting_a_user_keeps_their_entries(entry, django_user_model):
    officer_id = entry.actor_id

    django_user_model.objects.get(pk=officer_id).delete()

    kept = AuditEntry.objects.get(pk=entry.pk)
    assert kept.actor_id == officer_id
    assert kept.action == "billing.import.applied"


def test_an_object_is_refused_as_a_fact(django_user_model, audit_entries):
    user = django_user_model.objects.create_user(username="olena", password="x")

    with pytest.raises(TypeError):
        audit.record("users.user.flags_changed", target=user, who=user)

    assert audit_entries("users.user.flags_changed") == []
