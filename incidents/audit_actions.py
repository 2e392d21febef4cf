"""The audit actions of the incidents app (see core.audit_actions)."""

from __future__ import annotations

from django.urls import reverse

from core.audit_actions import object_page, page, register_action


def _incident_of(event) -> str | None:
    """Steps, reports and files link to their incident, whose id the event records in `changes`."""
    incident_id = (event.changes or {}).get("incident")
    return reverse("incidents:incident_detail", args=[incident_id]) if isinstance(incident_id, int) else None


INCIDENT_PAGE = object_page("incidents:incident_detail")
EXPOSURE_PAGE = page("incidents:penalty_exposure")

ORGANISATION_SETTINGS_UPDATED = register_action(
    "incidents.organisation_settings.updated", "Changed the penalty settings of {object}", link=EXPOSURE_PAGE
)
INCIDENT_REPORTED = register_action("incidents.incident.reported", "Reported the incident {object}", link=INCIDENT_PAGE)
INCIDENT_UPDATED = register_action("incidents.incident.updated", "Edited the incident {object}", link=INCIDENT_PAGE)
INCIDENT_REASSESSED = register_action(
    "incidents.incident.reassessed", "Reassessed the incident {object}", link=INCIDENT_PAGE
)
INCIDENT_CLOSED = register_action("incidents.incident.closed", "Closed the incident {object}", link=INCIDENT_PAGE)
STEP_RECORDED = register_action("incidents.incident_step.recorded", "Recorded the step {object}", link=_incident_of)
REPORT_DRAFTED = register_action("incidents.incident_report.drafted", "Drafted {object}", link=_incident_of)
REPORT_UPDATED = register_action("incidents.incident_report.updated", "Edited {object}", link=_incident_of)
REPORT_SENT = register_action("incidents.incident_report.sent", "Marked {object} as sent", link=_incident_of)
FILE_ADDED = register_action("incidents.incident_file.added", "Added the file {object}", link=_incident_of)
PENALTY_EVIDENCE_UPDATED = register_action(
    "incidents.penalty_evidence.updated", "Recorded evidence on the fine factor {object}", link=EXPOSURE_PAGE
)
