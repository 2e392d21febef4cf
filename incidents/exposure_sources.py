"""The exposure sources the incidents app knows itself: prohibited systems in use, missing conformity
evidence, and late incident reports. Registered in IncidentsConfig.ready()."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from assessments.models import Classification
from compliance.models import FlagState, RedFlag
from incidents.exposure import Exposure, register_exposure_source
from incidents.models import Incident
from vendors.models import Lifecycle

# Red flags that mean a high-risk system lacks its conformity evidence or registration (Art 16, 26, 47-49).
CONFORMITY_FLAGS = (
    "declaration_refused",
    "declaration_missing",
    "ce_marking_missing",
    "ce_without_declaration",
    "registration_missing",
)


def prohibited_in_use(organisation) -> list[Exposure]:
    """Systems in use whose classification in force is prohibited (Art 5)."""
    classifications = (
        Classification.objects.current_for_systems()
        .filter(
            organisation=organisation,
            risk_tier="prohibited",
            ai_system__lifecycle=Lifecycle.IN_USE,
            ai_system__archived_at__isnull=True,
        )
        .select_related("ai_system")
    )
    return [
        Exposure(
            title=f"{c.ai_system.name} is classified as a prohibited practice and is in use",
            citation="Art 5",
            infringement="prohibited_practice",
            link=c.ai_system.get_absolute_url(),
            subject=c.ai_system.name,
        )
        for c in classifications
    ]


def conformity_evidence_missing(organisation) -> list[Exposure]:
    flags = RedFlag.objects.filter(
        organisation=organisation, state=FlagState.OPEN, code__in=CONFORMITY_FLAGS, ai_system__isnull=False
    ).select_related("ai_system")
    return [
        Exposure(
            title=f"{flag.ai_system.name}: {flag.message}",
            citation=flag.citation,
            infringement="operator_obligation",
            link=flag.ai_system.get_absolute_url(),
            subject=flag.ai_system.name,
        )
        for flag in flags
    ]


def incident_reports_late(organisation) -> list[Exposure]:
    now = timezone.now()
    incidents = Incident.objects.filter(organisation=organisation).filter(
        Q(report_late=True) | Q(first_report_sent_at__isnull=True, report_due_at__lt=now, status="open")
    )
    return [
        Exposure(
            title=f"Incident report {'sent late' if incident.report_late else 'overdue'}: {incident.title}",
            citation="Art 73, Art 26(5)",
            infringement="operator_obligation",
            link=reverse("incidents:incident_detail", args=[incident.pk]),
            subject=incident.title,
        )
        for incident in incidents
    ]


def register() -> None:
    register_exposure_source("prohibited_in_use", "Prohibited systems in use", prohibited_in_use)
    register_exposure_source(
        "conformity_evidence", "High-risk systems missing conformity evidence", conformity_evidence_missing
    )
    register_exposure_source("incident_reports_late", "Late incident reports", incident_reports_late)
