"""``manage.py import_billing``: a summary on success, a failure exit on rejection."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from plugins.billing import services
from plugins.billing.choices import ImportStatus
from plugins.billing.importing import merging
from plugins.billing.models import BillingImport, Charge
from tests.billing.conftest import export_file, export_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def export_path(tmp_path, good_export):
    path = tmp_path / "pvk-2026-11.csv"
    path.write_bytes(good_export)
    return path


def test_a_good_file_prints_rows_and_changes(capsys, water_provider, export_path):
    with translation.override("en"):
        call_command("import_billing", str(export_path), provider="pvk")

    out = capsys.readouterr().out
    assert "4 rows, 4 of them changed." in out
    assert "Charges created: 4, updated: 0; accounts created: 2" in out
    assert Charge.objects.count() == 4


def test_importing_twice_reports_nothing_changed(capsys, water_provider, export_path):
    with translation.override("en"):
        call_command("import_billing", str(export_path), provider="PVK")
        call_command("import_billing", str(export_path), provider="PVK")

    assert "4 rows, 0 of them changed" in capsys.readouterr().out.splitlines()[-1]


def test_a_rejected_file_fails_and_lists_its_errors(capsys, water_provider, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(export_file([export_row(), export_row(period="11.2026")]))

    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("import_billing", str(path), provider="PVK")

    assert "rejected: 1 error. The file has 2 data rows;" in str(raised.value)
    assert "line 3, field period, value '11.2026'" in capsys.readouterr().err
    assert Charge.objects.count() == 0


def test_an_unknown_provider_is_refused(water_provider, export_path):
    with translation.override("en"), pytest.raises(CommandError, match="No provider"):
        call_command("import_billing", str(export_path), provider="XYZ")


@pytest.mark.parametrize(
    ("bad_periods", "counted"),
    [
        (1, "1 помилка."),
        (2, "2 помилки."),
        (5, "5 помилок."),
        (21, "21 помилка."),
    ],
)
def test_the_errors_are_counted_in_ukrainian(
    water_provider, tmp_path, bad_periods, counted
):
    rows = [export_row(account=str(n), period="11.2026") for n in range(bad_periods)]
    path = tmp_path / "bad.csv"
    path.write_bytes(export_file(rows))

    with pytest.raises(CommandError) as raised:
        call_command("import_billing", str(path), provider="PVK")

    assert f"відхилено: {counted}" in str(raised.value)


def test_the_command_speaks_the_settings_language(water_provider, export_path, capsys):
    # The language an operator's shell gets: none activated, so LANGUAGE_CODE.
    translation.deactivate_all()
    translation.deactivate()

    call_command("import_billing", str(export_path), provider="PVK")

    assert "4 рядки, з них змінено 4." in capsys.readouterr().out


def test_a_problem_of_the_whole_file_names_only_the_line(
    capsys, water_provider, tmp_path
):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")

    with translation.override("en"), pytest.raises(CommandError):
        call_command("import_billing", str(path), provider="PVK")

    assert capsys.readouterr().err.strip() == "line 1: the file is empty"


def test_control_characters_never_reach_the_terminal(capsys, water_provider, tmp_path):
    path = tmp_path / "esc.csv"
    path.write_bytes(export_file([export_row(payer="Олена\x1b[2J\x07")]))

    with translation.override("en"), pytest.raises(CommandError):
        call_command("import_billing", str(path), provider="PVK")

    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "value 'Олена\\x1b[2J\\x07'" in err


def test_errors_past_the_first_thousand_are_counted(capsys, water_provider, tmp_path):
    rows = [export_row(account=str(n), period="11.2026") for n in range(1003)]
    path = tmp_path / "bad.csv"
    path.write_bytes(export_file(rows))

    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("import_billing", str(path), provider="PVK")

    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1001
    assert lines[-1] == "… and 3 more errors"
    assert "rejected: 1003 errors." in str(raised.value)


def test_an_internal_failure_ends_with_a_message_not_a_traceback(
    capsys, water_provider, export_path, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "import_billing_export", broken)

    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("import_billing", str(export_path), provider="PVK")

    assert "internal error" in str(raised.value)
    assert "database went away" not in str(raised.value)


def test_a_merge_failure_is_recorded_and_fails_the_command(
    capsys, water_provider, export_path, monkeypatch
):
    monkeypatch.setattr(merging, "insert_charges", lambda cursor: 1 / 0)

    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("import_billing", str(export_path), provider="PVK")

    assert "rejected: 1 error." in str(raised.value)
    assert "internal error" in capsys.readouterr().err
    assert BillingImport.objects.get().status == ImportStatus.REJECTED


def test_known_accounts_only_refuses_an_account_the_portal_does_not_know(
    capsys, water_provider, tmp_path
):
    known = tmp_path / "october.csv"
    known.write_bytes(export_file([export_row(period="2026-10")]))
    call_command("import_billing", str(known), provider="PVK")
    november = tmp_path / "november.csv"
    november.write_bytes(
        export_file([export_row(), export_row(account="100299", apartment="9")])
    )

    with translation.override("en"), pytest.raises(CommandError):
        call_command(
            "import_billing", str(november), provider="PVK", known_accounts_only=True
        )

    assert (
        "line 3, field account, value '100299': the provider has no personal "
        "account 100299 in the portal; a file that opens new accounts must be "
        "imported as one" in capsys.readouterr().err
    )
    assert not Charge.objects.filter(period="2026-11-01").exists()
