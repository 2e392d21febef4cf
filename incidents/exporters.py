"""The incident registers as exportable rows (core.exporters): incidents, their steps, their reports."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from core.exporters import Column, Exporter, ExportScope, register_exporter, register_scope_objects
from incidents.models import Incident, IncidentFile, IncidentReport, IncidentStep

CHUNK = 2000


def incidents_in_scope(scope: ExportScope) -> QuerySet[Incident]:
    """Incidents on the scope's systems (or its vendor's) of which we became aware in its period."""
    incidents = scope.narrow(Incident.objects.all(), system="ai_system", vendor="ai_system__vendor")
    return scope.in_period(incidents, "aware_at")


@register_exporter
class IncidentExporter(Exporter):
    code = "incidents"
    title = "Incidents"
    columns = (
        Column("id", "Id", "int"),
        Column("title", "Incident", width=40),
        Column("ai_system", "AI system", width=28),
        Column("vendor", "Vendor", width=26),
        Column("aware_at", "Became aware", "datetime"),
        Column("status", "Status", width=10),
        Column("serious", "Serious incident", "bool"),
        Column("art73_applies", "Art 73 applies", "bool"),
        Column("reporter", "Who reports", width=12),
        Column("deadline_paragraph", "Limit (Art)", width=10),
        Column("report_due_at", "Report due", "datetime"),
        Column("first_report_sent_at", "First report sent", "datetime"),
        Column("report_late", "Report late", "bool"),
        Column("closed_at", "Closed", "datetime"),
    )

    def rows(self, scope: ExportScope) -> Iterator[tuple]:
        incidents = incidents_in_scope(scope).select_related("ai_system__vendor")
        for incident in incidents.order_by("aware_at", "pk").iterator(chunk_size=CHUNK):
            yield (
                incident.pk,
                incident.title,
                str(incident.ai_system),
                incident.ai_system.vendor.legal_name,
                incident.aware_at,
                incident.get_status_display(),
                incident.serious,
                incident.art73_applies,
                incident.reporter,
                incident.deadline_paragraph,
                incident.report_due_at,
                incident.first_report_sent_at,
                incident.report_late,
                incident.closed_at,
            )


@register_exporter
class IncidentStepExporter(Exporter):
    code = "incident_steps"
    title = "Incident steps"
    columns = (
        Column("id", "Id", "int"),
        Column("incident", "Incident id", "int"),
        Column("incident_title", "Incident", width=40),
        Column("kind", "Step", width=24),
        Column("happened_at", "When", "datetime"),
        Column("method", "How", width=24),
        Column("reference", "Reference", width=20),
        Column("note", "Note", width=40),
    )

    def rows(self, scope: ExportScope) -> Iterator[tuple]:
        steps = IncidentStep.objects.filter(incident__in=incidents_in_scope(scope)).select_related("incident")
        for step in steps.order_by("incident_id", "happened_at", "pk").iterator(chunk_size=CHUNK):
            yield (
                step.pk,
                step.incident_id,
                step.incident.title,
                step.get_kind_display(),
                step.happened_at,
                step.method,
                step.reference,
                step.note,
            )


@register_exporter
class IncidentReportExporter(Exporter):
    code = "incident_reports"
    title = "Incident reports"
    columns = (
        Column("id", "Id", "int"),
        Column("incident", "Incident id", "int"),
        Column("incident_title", "Incident", width=40),
        Column("report_type", "Report", width=20),
        Column("recipient", "Sent to", width=28),
        Column("sent_at", "Sent", "datetime"),
        Column("late", "Late", "bool"),
        Column("sha256", "SHA-256 of the PDF", width=66),
    )

    def rows(self, scope: ExportScope) -> Iterator[tuple]:
        reports = IncidentReport.objects.filter(incident__in=incidents_in_scope(scope)).select_related("incident")
        for report in reports.order_by("incident_id", "created_at", "pk").iterator(chunk_size=CHUNK):
            yield (
                report.pk,
                report.incident_id,
                report.incident.title,
                report.get_report_type_display(),
                report.recipient,
                report.sent_at,
                report.late,
                report.sha256,
            )


@register_scope_objects
def incident_objects(scope: ExportScope):
    incidents = scope.narrow(Incident.objects.all(), system="ai_system", vendor="ai_system__vendor")
    yield "incidents.incident", incidents
    yield "incidents.incidentstep", IncidentStep.objects.filter(incident__in=incidents)
    yield "incidents.incidentreport", IncidentReport.objects.filter(incident__in=incidents)
    yield "incidents.incidentfile", IncidentFile.objects.filter(incident__in=incidents)
