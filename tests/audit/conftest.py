"""Reading what the audit log gained during a test, and the fixtures of the
areas whose real code paths make the entries."""

import json

import pytest
from django.db.models import Max

from cms.audit.models import AuditEntry
from tests.billing.conftest import (  # noqa: F401
    billed_dwelling,
    good_export,
    neighbour,
    resident,
    uploader,
)
from tests.payments.conftest import dwelling, gateway, payment  # noqa: F401
from tests.subsidies.conftest import (  # noqa: F401
    application,
    flat,
    officer,
    private_files,
)


@pytest.fixture
def audit_entries(db):
    """A call returning the entries added since the test began, oldest first,
    of one action when named. The log outlives Django's flush between
    transactional tests, so entries are counted from where the test found it."""
    start = AuditEntry.objects.aggregate(last=Max("pk"))["last"] or 0

    def entries(action=None):
        found = AuditEntry.objects.filter(pk__gt=start).order_by("pk")
        if action:
            found = found.filter(action=action)
        return list(found)

    return entries


def stored_text(entries):
    """Everything the entries keep, as the database holds it."""
    return json.dumps(
        [
            [entry.action, entry.target_type, entry.target_id, entry.facts]
            for entry in entries
        ],
        ensure_ascii=False,
    )
