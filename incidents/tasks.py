"""Celery entry points of the incidents app."""

from __future__ import annotations

from celery import shared_task

from incidents.models import Incident
from incidents.notifications import incident_recipients, incident_reported_message


@shared_task(name="incidents.tasks.notify_incident_reported")
def notify_incident_reported(incident_id: int) -> int:
    """E-mail compliance and legal about a newly reported incident; returns how many were told."""
    incident = Incident.objects.select_related("organisation", "ai_system__vendor").filter(pk=incident_id).first()
    if incident is None:
        return 0
    to = incident_recipients(incident)
    if to:
        incident_reported_message(incident, to).send()
    return len(to)
