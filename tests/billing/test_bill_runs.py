"""Month-end bill runs: every charged dwelling's bill made once and stored, the
run's counts right whatever fails or runs twice, and the stored bill handed
only to those who may see the dwelling."""

import re
from datetime import date

import pytest
from django.core.management import call_command

from plugins.billing import bill_runs, documents
from plugins.billing.choices import BillRunStatus
from plugins.billing.models import (
    AccessLevel,
    BillRunOutcome,
    DwellingAccess,
    StoredBill,
)
from tests.billing.conftest import bill_url, no_rendering
from tests.billing.test_bill import pdf_text

pytestmark = pytest.mark.django_db

NOVEMBER = date(2026, 11, 1)


@pytest.fixture(autouse=True)
def private_files(tmp_path, settings):
    """Stored bills go to the test's own folder, never to var/private."""
    folder = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT = folder
    return folder


def stored_text(dwelling):
    stored = StoredBill.objects.get(dwelling=dwelling, period=NOVEMBER)
    with stored.file.open("rb") as file:
        return pdf_text(file.read())


def stored_files(folder):
    return sorted(path.name for path in folder.rglob("*.pdf"))


def fail_for(monkeypatch, dwelling):
    """Make laying out ``dwelling``'s bill fail, as a broken font would."""
    render = documents.render_bill_pdf

    def failing(bill):
        if bill.dwelling.pk == dwelling.pk:
            raise documents.DocumentError("The bill did not render.")
        return render(bill)

    monkeypatch.setattr(documents, "render_bill_pdf", failing)


def test_a_run_stores_the_bill_of_every_dwelling_charged_that_month(
    dwellings, private_files
):
    billed, neighbours, third = dwellings

    run = bill_runs.start_run(NOVEMBER, None, chunk_size=2)

    assert (run.total, run.done, run.failed) == (3, 3, 0)
    assert run.status == BillRunStatus.FINISHED
    assert run.finished_at is not None
    assert stored_files(private_files) == sorted(
        f"{dwelling.pk}.pdf" for dwelling in dwellings
    )
    olena = stored_text(billed)
    assert "вул. Соборна, 12, кв. 5" in olena
    assert "1 234,56 грн" in olena
    # The owners' copy, as on paper: the account's code to link the cabinet.
    assert "100234" in olena and "4821" in olena
    petro = stored_text(neighbours)
    assert "вул. Соборна, 12, кв. 6" in petro and "50,00 грн" in petro
    assert "77,70 грн" in stored_text(third)


def test_a_failing_dwelling_is_recorded_and_the_rest_go_on(
    dwellings, monkeypatch, private_files
):
    billed, neighbours, third = dwellings
    fail_for(monkeypatch, neighbours)

    run = bill_runs.start_run(NOVEMBER, None, chunk_size=5)

    assert (run.total, run.done, run.failed) == (3, 2, 1)
    assert run.status == BillRunStatus.FINISHED
    failure = BillRunOutcome.objects.get(run=run, ok=False)
    assert failure.dwelling_id == neighbours.pk
    assert failure.error == "DocumentError: The bill did not render."
    assert stored_files(private_files) == sorted(
        f"{dwelling.pk}.pdf" for dwelling in (billed, third)
    )


def test_running_a_chunk_again_counts_nobody_twice(dwellings, private_files):
    ids = [dwelling.pk for dwelling in dwellings]
    run = bill_runs.start_run(NOVEMBER, None)

    assert bill_runs.generate_chunk(run.pk, ids) == (0, 0)

    run.refresh_from_db()
    assert (run.total, run.done, run.failed) == (3, 3, 0)
    assert BillRunOutcome.objects.filter(run=run).count() == 3
    assert StoredBill.objects.count() == 3
    assert len(stored_files(private_files)) == 3


def test_a_failure_made_good_by_running_again_moves_to_done(
    dwellings, monkeypatch, private_files
):
    billed, neighbours, third = dwellings
    with monkeypatch.context() as patch:
        fail_for(patch, neighbours)
        run = bill_runs.start_run(NOVEMBER, None)
    assert (run.done, run.failed) == (2, 1)

    made = bill_runs.generate_chunk(run.pk, [neighbours.pk])

    run.refresh_from_db()
    assert made == (1, 0)
    assert (run.total, run.done, run.failed) == (3, 3, 0)
    assert BillRunOutcome.objects.get(run=run, dwelling=neighbours).ok
    assert "50,00 грн" in stored_text(neighbours)


def test_the_command_starts_a_run_and_prints_its_progress(dwellings, capsys):
    call_command("generate_bills", "--month", "2026-11", "--chunk", "2")

    out = capsys.readouterr().out
    # Made, out of, failed: the numbers in whatever language the line is in.
    assert "2026-11" in out
    assert re.search(r"\b3\D+3\D+0\b", out.split("2026-11")[1])
    assert StoredBill.objects.filter(period=NOVEMBER).count() == 3


def test_the_command_refuses_a_month_it_cannot_read(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("generate_bills", "--month", "11.2026")


# The cabinet: a resident downloads the stored bill of their own dwelling only.


def test_a_resident_gets_their_stored_bill(client, resident, dwellings, monkeypatch):
    billed = dwellings[0]
    bill_runs.start_run(NOVEMBER, None)
    stored = StoredBill.objects.get(dwelling=billed)
    no_rendering(monkeypatch)
    client.force_login(resident)

    response = client.get(bill_url(billed))

    assert response.status_code == 200
    with stored.file.open("rb") as file:
        assert response.content == file.read()


def test_a_resident_cannot_get_a_neighbours_stored_bill(
    client, resident, dwellings, monkeypatch
):
    bill_runs.start_run(NOVEMBER, None)
    no_rendering(monkeypatch)
    client.force_login(resident)

    for other in dwellings[1:]:
        assert client.get(bill_url(other)).status_code == 404


def test_a_bill_corrected_after_the_run_is_made_anew(
    client, resident, dwellings, monkeypatch
):
    billed = dwellings[0]
    bill_runs.start_run(NOVEMBER, None)
    charge = billed.accounts.get().charges.get(
        period=NOVEMBER, service__code="sewerage"
    )
    charge.closing_balance += 100
    charge.save()
    client.force_login(resident)

    response = client.get(bill_url(billed))

    assert response.status_code == 200
    assert "1 334,56 грн" in pdf_text(response.content)


def test_a_delegate_gets_a_bill_without_the_access_codes(
    client, resident, neighbour, dwellings
):
    billed = dwellings[0]
    DwellingAccess.objects.create(
        dwelling=billed, user=neighbour, level=AccessLevel.VIEW, granted_by=resident
    )
    bill_runs.start_run(NOVEMBER, None)
    client.force_login(neighbour)

    response = client.get(bill_url(billed))

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "1 234,56 грн" in text
    assert "4821" not in text
