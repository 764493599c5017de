"""Changes made without signals (SQL merges, bulk loads) reach the index
through ``changed_in_bulk``: the types they concern are read again, and
private data concerns none."""

from cms.directory.models import Service
from plugins.billing.models import Charge, Dwelling, PersonalAccount
from search import sync


def test_private_rows_concern_no_type():
    assert sync.changed_in_bulk(Dwelling, PersonalAccount, Charge) == []


def test_a_change_to_services_concerns_the_tariffs_shown_by_them(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as scheduled:
        refreshed = sync.changed_in_bulk(Service)

    assert refreshed == ["tariff"]
    assert len(scheduled) == 1
