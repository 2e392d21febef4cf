"""Every app's register read back from a real workbook: typed cells, the scope respected, other organisations absent."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from core.exporters import ExportScope, exporter_for, exporters, write_xlsx
from tests.evidence.scenario import build_dossier
from tests.factories import AiSystemFactory, VendorFactory
from vendors.models import AiSystem


@pytest.fixture
def dossier(members, private_storage):
    return build_dossier(members)


def rows_of(code, scope):
    exporter = exporter_for(code)
    return [dict(zip(exporter.column_keys(), row, strict=True)) for row in exporter.rows(scope)]


def test_the_workbook_has_a_typed_sheet_per_register(dossier, organisation):
    stream = io.BytesIO()
    write_xlsx([(exporter, ExportScope(organisation)) for exporter in exporters()], stream)
    stream.seek(0)
    workbook = load_workbook(stream)
    assert workbook.sheetnames == [exporter.title for exporter in exporters()]
    for exporter in exporters():
        sheet = workbook[exporter.title]
        assert sheet.freeze_panes == "A2"
        assert sheet.max_row > 1, f"{exporter.title} has no rows"
        for column, cell in zip(exporter.columns, sheet[2], strict=True):
            if cell.value is None:
                continue
            expected = {"int": int, "bool": bool, "date": dt.datetime, "datetime": dt.datetime}.get(column.kind)
            if expected:
                assert isinstance(cell.value, expected), (exporter.code, column.key, cell.value)
    systems = workbook["AI systems"]
    tiers = {row[1]: row[4] for row in systems.iter_rows(min_row=2, values_only=True)}
    assert tiers == {"TalentLens Screen": "High-risk", "Chat Helper": "Minimal risk"}
    checklist = workbook["Checklist items"]
    assert {row[8] for row in checklist.iter_rows(min_row=2, values_only=True)} == {"'=checked"}


def test_a_system_scope_holds_that_system_and_its_vendor_level_rows(dossier, organisation):
    scope = ExportScope(organisation, systems=AiSystem.objects.filter(pk=dossier.system.pk))
    assert [row["name"] for row in rows_of("ai_systems", scope)] == ["TalentLens Screen"]
    assert {row["ai_system"] for row in rows_of("classifications", scope)} == {"TalentLens Screen"}
    assert [row["code"] for row in rows_of("obligations", scope)] == ["deployer_monitoring"]
    assert rows_of("obligations", scope)[0]["applies_from"] == dt.date(2027, 12, 2)
    documents = rows_of("documents", scope)
    declaration = next(row for row in documents if row["document_type"] == "eu_declaration_of_conformity")
    assert declaration["sha256"] == dossier.declaration.sha256
    assert declaration["verified_at"] is None and declaration["file_name"] == "doc-of-c.pdf"
    assert any(row["subject"] == "TalentLens GmbH" for row in documents)  # the vendor's own documents
    flags = rows_of("red_flags", scope)
    accepted = next(row for row in flags if row["id"] == dossier.flag.pk)
    assert accepted["justification"] == "Vendor signs next week." and accepted["accepted_by"] == "Larry"
    assert [row["legal_name"] for row in rows_of("vendors", scope)] == ["TalentLens GmbH"]
    events = rows_of("audit_events", scope)
    assert events and {"compliance.document.uploaded", "compliance.red_flag.risk_accepted"} <= {
        row["action"] for row in events
    }


def test_other_organisations_rows_never_show(dossier, organisation, other_organisation):
    stranger = AiSystemFactory(vendor=VendorFactory(organisation=other_organisation), name="Stranger")
    for scope in (
        ExportScope(organisation),
        ExportScope(organisation, systems=AiSystem.objects.filter(pk__in=[stranger.pk, dossier.system.pk])),
        ExportScope(organisation, vendor=stranger.vendor),
    ):
        for exporter in exporters():
            assert all("Stranger" not in str(row) for row in exporter.rows(scope)), exporter.code


def test_a_period_keeps_the_events_and_deadlines_within_it(dossier, organisation):
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    later = ExportScope(organisation, since=tomorrow)
    assert rows_of("audit_events", later) == []
    assert all(row["due_date"] >= tomorrow for row in rows_of("deadlines", later))
