"""The e-mail compliance and legal receive at once when an incident is reported."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone

from core.emails import make_message
from core.models import Membership, Role
from deadlines.digest import absolute_url
from incidents.models import Incident

NOTIFIED_ROLES = (Role.COMPLIANCE, Role.LEGAL)


def incident_recipients(incident: Incident) -> list[str]:
    """Compliance and legal; the owners when the organisation has neither."""
    members = Membership.objects.filter(organisation=incident.organisation).select_related("user")
    chosen = [m for m in members if m.role in NOTIFIED_ROLES] or [m for m in members if m.role == Role.OWNER]
    return sorted({m.user.email for m in chosen if m.user.email})


def incident_reported_message(incident: Incident, to: list[str]) -> EmailMultiAlternatives:
    zone = ZoneInfo(incident.organisation.time_zone)
    context = {
        "incident": incident,
        "organisation": incident.organisation,
        "system": incident.ai_system,
        "aware_at": incident.aware_at.astimezone(zone),
        "due_at": incident.report_due_at.astimezone(zone) if incident.report_due_at else None,
        "url": absolute_url(reverse("incidents:incident_detail", args=[incident.pk]), incident.organisation),
    }
    with timezone.override(zone):
        return make_message("incident_reported", to, context)
