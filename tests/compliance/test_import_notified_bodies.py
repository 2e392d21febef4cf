"""`manage.py import_notified_bodies`: upsert by number, a report, and all-or-nothing with per-row messages."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from compliance.models import NotifiedBody

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "compliance" / "samples" / "notified_bodies_sample.csv"


def run(path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_notified_bodies", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write_csv(tmp_path, rows, name="bodies.csv"):
    path = tmp_path / name
    path.write_text("number,name,country,ai_act,status\n" + "".join(line + "\n" for line in rows))
    return path


def test_it_imports_the_shipped_sample(tmp_path):
    out, _ = run(SAMPLE)

    assert out.strip() == "added=4 updated=0 unchanged=0"
    assert NotifiedBody.objects.get(number="9904").status == "suspended"


def test_a_second_import_reports_updated_and_unchanged(tmp_path):
    run(SAMPLE)
    path = write_csv(
        tmp_path,
        [
            "9901,Example Conformity Assessment GmbH (sample),DE,true,active",
            "9902,Renamed SAS,FR,yes,active",
            "9905,New body,AT,no,active",
        ],
    )

    out, _ = run(path)

    assert out.strip() == "added=1 updated=1 unchanged=1"
    assert NotifiedBody.objects.get(number="9902").name == "Renamed SAS"


def test_importing_the_same_file_again_changes_nothing(tmp_path):
    run(SAMPLE)
    before = {body.number: body.updated_at for body in NotifiedBody.objects.all()}

    out, _ = run(SAMPLE)

    assert out.strip() == f"added=0 updated=0 unchanged={len(before)}"
    assert {body.number: body.updated_at for body in NotifiedBody.objects.all()} == before


def test_it_reads_xlsx_written_with_openpyxl(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["number", "name", "country", "ai_act", "status"])
    sheet.append(["0123", "Xlsx Body GmbH", "DE", True, "active"])
    sheet.append(["0456", "Other Body SA", "BE", "false", "withdrawn"])
    path = tmp_path / "bodies.xlsx"
    workbook.save(path)

    out, _ = run(path)

    assert out.strip() == "added=2 updated=0 unchanged=0"
    body = NotifiedBody.objects.get(number="0123")
    assert (body.name, body.ai_act) == ("Xlsx Body GmbH", True)


def test_bad_rows_import_nothing_and_are_each_reported(tmp_path):
    path = write_csv(
        tmp_path,
        [
            "9901,Good Body,DE,true,active",
            "123,Short Number,DE,true,active",
            "9903,Nowhere,XX,true,active",
            "9904,Unsure,DE,maybe,active",
            "9905,Odd,DE,true,dormant",
        ],
    )

    with pytest.raises(CommandError) as error:
        run(path)

    assert "nothing was imported" in str(error.value)
    assert not NotifiedBody.objects.exists()


def test_a_bad_file_leaves_the_existing_registry_untouched(tmp_path):
    run(SAMPLE)
    before = list(NotifiedBody.objects.values_list("number", "name", "status"))
    path = write_csv(tmp_path, ["9901,Renamed Body,DE,true,withdrawn", "9906,New Body,DE,true,active", "12,Bad,DE,1,x"])

    with pytest.raises(CommandError):
        run(path)

    assert list(NotifiedBody.objects.values_list("number", "name", "status")) == before


def test_each_problem_names_its_row(tmp_path):
    path = write_csv(
        tmp_path,
        [
            "9901,Good Body,DE,true,active",
            "123,Short Number,DE,true,active",
            "9903,Nowhere,XX,true,active",
            "9904,Unsure,DE,maybe,active",
            "9905,Odd,DE,true,dormant",
        ],
    )
    err = StringIO()

    with pytest.raises(CommandError):
        call_command("import_notified_bodies", str(path), stdout=StringIO(), stderr=err)

    lines = err.getvalue().strip().splitlines()
    assert lines == [
        "row 3: malformed number “123”: a notified body number is exactly 4 digits",
        "row 4: unknown country “XX”: give an ISO 3166 two-letter code",
        "row 5: bad boolean “maybe” for ai_act: use true or false",
        "row 6: bad status “dormant”: use active, suspended, withdrawn",
    ]


def test_the_command_exits_with_code_1_on_errors(tmp_path):
    import subprocess
    import sys

    path = write_csv(tmp_path, ["12345,Too Long,DE,true,active"])
    manage = Path(__file__).resolve().parents[2] / "manage.py"

    result = subprocess.run(
        [sys.executable, str(manage), "import_notified_bodies", str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**__import__("os").environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
    )

    assert result.returncode == 1
    assert "row 2: malformed number" in result.stderr
