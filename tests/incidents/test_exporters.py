"""The incident registers (incidents, steps, reports) through the shared writers, read back."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.utils import timezone

from core.exporters import ExportScope, exporter_for, write_csv, write_xlsx
from incidents import services
from incidents.models import ReportType, StepKind
from tests.factories import AiSystemFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(report, compliance):
    incident = report(title="=HYPERLINK(evil)")
    services.incident_step_record(
        actor=compliance, incident=incident, kind=StepKind.PROVIDER_INFORMED, happened_at=timezone.now()
    )
    draft = services.incident_report_draft(actor=compliance, incident=incident, report_type=ReportType.INITIAL)
    return incident, services.incident_report_mark_sent(actor=compliance, report=draft, sent_at=timezone.now())


def test_the_three_registers_write_to_one_workbook(filed, organisation):
    incident, sent = filed
    scope = ExportScope(organisation=organisation)
    stream = io.BytesIO()
    write_xlsx([(exporter_for(code), scope) for code in ("incidents", "incident_steps", "incident_reports")], stream)
    book = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))
    assert book.sheetnames == ["Incidents", "Incident steps", "Incident reports"]
    incidents = list(book["Incidents"].iter_rows(values_only=True))
    assert incidents[1][0] == incident.pk and incidents[1][1] == "'=HYPERLINK(evil)"
    assert [row[3] for row in book["Incident steps"].iter_rows(min_row=2, values_only=True)] == [
        "Provider informed",
        "Initial report sent",
    ]
    reports = list(book["Incident reports"].iter_rows(min_row=2, values_only=True))
    assert [row[7] for row in reports] == [sent.sha256]


def test_a_system_scope_leaves_other_systems_incidents_out(filed, organisation):
    other = AiSystemFactory(vendor=VendorFactory(organisation=organisation))
    stream = io.StringIO()
    write_csv(
        exporter_for("incidents"),
        ExportScope(organisation=organisation, systems=other.__class__.objects.filter(pk=other.pk)),
        stream,
    )
    assert stream.getvalue().count("\n") == 1  # the header only
