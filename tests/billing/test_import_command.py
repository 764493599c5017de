"""``manage.py import_billing``: a summary on success, a failure exit on rejection."""

import pytest
from django.core.management import CommandError, call_command

from plugins.billing.models import Charge
from tests.billing.conftest import export_file, export_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def export_path(tmp_path, good_export):
    path = tmp_path / "pvk-2026-11.csv"
    path.write_bytes(good_export)
    return path


def test_a_good_file_prints_rows_and_changes(capsys, water_provider, export_path):
    call_command("import_billing", str(export_path), provider="pvk")

    assert "4 rows, 4 changed" in capsys.readouterr().out
    assert Charge.objects.count() == 4


def test_importing_twice_reports_nothing_changed(capsys, water_provider, export_path):
    call_command("import_billing", str(export_path), provider="PVK")

    call_command("import_billing", str(export_path), provider="PVK")

    assert "4 rows, 0 changed" in capsys.readouterr().out.splitlines()[-1]


def test_a_rejected_file_fails_and_lists_its_errors(capsys, water_provider, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(export_file([export_row(), export_row(period="11.2026")]))

    with pytest.raises(CommandError, match="rejected: 1 errors"):
        call_command("import_billing", str(path), provider="PVK")

    assert "line 3, field period, value '11.2026'" in capsys.readouterr().err
    assert Charge.objects.count() == 0


def test_an_unknown_provider_is_refused(water_provider, export_path):
    with pytest.raises(CommandError, match="No provider"):
        call_command("import_billing", str(export_path), provider="XYZ")
