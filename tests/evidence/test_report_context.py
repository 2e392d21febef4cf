"""What the report holds, before layout: sections per system, vendor-level rows, the trail, and its bounds."""

import pytest
from django.utils import timezone

from core.exporters import ExportScope
from evidence import report
from evidence.builder import ordered_exporters
from evidence.models import EvidencePack, ScopeKind
from evidence.report import report_context
from tests.evidence.scenario import build_dossier


@pytest.fixture
def context_of(members, organisation):
    build_dossier(members)
    pack = EvidencePack.objects.create(
        organisation=organisation,
        scope_kind=ScopeKind.ORGANISATION,
        scope_label="everything",
        requested_by_label="test",
        requested_at=timezone.now(),
    )

    def build():
        manifest = {"built_at": timezone.now().isoformat()}
        return report_context(pack, ExportScope(organisation), ordered_exporters(), manifest)

    return build


def test_each_system_has_its_section_and_vendor_rows_go_under_the_vendor(context_of):
    context = context_of()
    sections = {section.title: section for section in context["systems"]}
    assert set(sections) == {"TalentLens Screen", "Chat Helper"}
    screen = sections["TalentLens Screen"]
    assert {"classifications", "obligations", "documents", "checklist_items", "red_flags"} <= set(screen.tables)
    assert ("Risk tier", "High-risk") in screen.facts
    vendor_rows = {section.title: section for section in context["vendors"]}
    assert "TalentLens GmbH" in vendor_rows and "" not in vendor_rows
    assert context["trail_total"] == len(context["trail"].rows) > 0 and not context["trail_cut"]


def test_a_large_scope_lists_its_systems_and_cuts_the_trail(context_of, monkeypatch):
    monkeypatch.setattr(report, "DETAILED_SYSTEMS", 1)
    monkeypatch.setattr(report, "TRAIL_LINES", 3)
    context = context_of()
    assert context["systems"] == [] and context["vendors"] == []
    assert len(context["systems_table"].rows) == context["systems_total"] == 2
    assert len(context["trail"].rows) == 3 and context["trail_total"] > 3 and context["trail_cut"]
