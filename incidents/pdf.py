"""An incident report as a PDF, in the structure authorities expect (WeasyPrint)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from incidents.models import REPORT_SECTIONS, IncidentReport
from incidents.selectors import current_assessment


def report_context(report: IncidentReport) -> dict:
    incident = report.incident
    zone = ZoneInfo(incident.aware_time_zone)
    assessment = current_assessment(incident)
    result = assessment.result if assessment else {}
    return {
        "report": report,
        "incident": incident,
        "system": incident.ai_system,
        "organisation": incident.organisation,
        "sections": [(title, report.sections.get(key, "")) for key, title in REPORT_SECTIONS],
        "aware_at": incident.aware_at.astimezone(zone),
        "due_at": incident.report_due_at.astimezone(zone) if incident.report_due_at else None,
        "sent_at": report.sent_at.astimezone(zone) if report.sent_at else None,
        "result": result,
    }


def report_pdf(report: IncidentReport) -> bytes:
    with timezone.override(report.incident.aware_time_zone):
        html = render_to_string("pdf/incident_report.html", report_context(report))
    return HTML(string=html).write_pdf()
