"""The exposure sources the incidents app knows itself: prohibited systems in use, missing conformity
evidence, and late incident reports. Registered in IncidentsConfig.ready()."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from assessments.models import Classification
from compliance.models import FlagState, RedFlag
from incidents.exposure import Exposure, Found, found, register_exposure_source
from incidents.filters import overdue_q
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


def prohibited_in_use(organisation, limit: int) -> Found:
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
    return found(
        classifications.order_by("ai_system__name", "pk"),
        limit,
        lambda c: Exposure(
            title=f"{c.ai_system.name} is classified as a prohibited practice and is in use",
            citation="Art 5",
            infringement="prohibited_practice",
            link=c.ai_system.get_absolute_url(),
            subject=c.ai_system.name,
        ),
    )


def conformity_evidence_missing(organisation, limit: int) -> Found:
    flags = RedFlag.objects.filter(
        organisation=organisation, state=FlagState.OPEN, code__in=CONFORMITY_FLAGS, ai_system__isnull=False
    ).select_related("ai_system")
    return found(
        flags.order_by("ai_system__name", "pk"),
        limit,
        lambda flag: Exposure(
            title=f"{flag.ai_system.name}: {flag.message}",
            citation=flag.citation,
            infringement="operator_obligation",
            link=flag.ai_system.get_absolute_url(),
            subject=flag.ai_system.name,
        ),
    )


def incident_reports_late(organisation, limit: int) -> Found:
    incidents = Incident.objects.filter(overdue_q(timezone.now()), organisation=organisation)
    return found(
        incidents.order_by("report_due_at", "pk"),
        limit,
        lambda incident: Exposure(
            title=f"Incident report {'sent late' if incident.report_late else 'overdue'}: {incident.title}",
            citation="Art 73, Art 26(5)",
            infringement="operator_obligation",
            link=reverse("incidents:incident_detail", args=[incident.pk]),
            subject=incident.title,
        ),
    )


def register() -> None:
    register_exposure_source("prohibited_in_use", "Prohibited systems in use", prohibited_in_use)
    register_exposure_source(
        "conformity_evidence", "High-risk systems missing conformity evidence", conformity_evidence_missing
    )
    register_exposure_source("incident_reports_late", "Late incident reports", incident_reports_late)
