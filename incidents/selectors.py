"""Reads of the incidents app: the facts a classification gives an incident, lists, clocks."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from assessments.selectors import current_classification
from core.models import Organisation
from incidents.assessment import legal_last_day
from incidents.models import Incident, IncidentAssessment
from incidents.regulation import regulation

# The high-risk duties whose application date says the system's high-risk duties apply.
HIGH_RISK_DUTY_ARTICLES = ("Art 16", "Art 26")


def high_risk_duties_from(result: dict) -> dt.date | None:
    """When the system's high-risk duties apply (None: not high-risk, or a legacy system under Art 111(2))."""
    if result.get("risk_tier") != "high_risk" or (result.get("legacy_system") or {}).get("applies"):
        return None
    dates = [
        dt.date.fromisoformat(obligation["applies_from"])
        for obligation in result.get("obligations", [])
        if obligation.get("article") in HIGH_RISK_DUTY_ARTICLES and obligation.get("applies_from")
    ]
    return min(dates, default=None)


def system_answers(ai_system, at: dt.datetime) -> dict:
    """The system.*, model.* and org.role answers the current classification gives an incident at `at`."""
    classification = current_classification(ai_system)
    result = classification.result if classification else {}
    answers = classification.answers if classification else {}
    applies_from = high_risk_duties_from(result)
    route = result.get("high_risk_route")
    annex_iii = bool(result.get("annex_iii_points"))
    gpai_model = ai_system.gpai_model
    return {
        "system.high_risk": applies_from is not None and applies_from <= at.date(),
        "system.annex_iii": annex_iii,
        "system.annex_i_section_b": route == "annex_i"
        and not annex_iii
        and answers.get("system.annex_i_section") == "B",
        "model.gpai_systemic_risk": bool(gpai_model and gpai_model.presumed_systemic_risk),
        "org.role": "provider" if "provider" in result.get("roles", []) else "deployer",
    }


def high_risk_duties_date(ai_system) -> dt.date | None:
    classification = current_classification(ai_system)
    return high_risk_duties_from(classification.result) if classification else None


def incidents_of(organisation: Organisation) -> QuerySet[Incident]:
    return Incident.objects.filter(organisation=organisation).select_related("ai_system__vendor", "reported_by__user")


def current_assessment(incident: Incident) -> IncidentAssessment | None:
    return incident.assessments.order_by("-created_at", "-pk").first()


def legal_deadlines(incident: Incident, result: dict) -> list[dict]:
    """Reg. 1182/71 last days of the binding clock, per authority of the current assessment."""
    if not incident.report_due_at or not incident.deadline_days:
        return []
    aware = incident.clock_aware_at.astimezone(ZoneInfo(incident.aware_time_zone))
    office = regulation().ai_office_holiday_country
    return [
        {
            "member_state": authority["member_state"],
            "date": legal_last_day(aware, incident.deadline_days, authority["member_state"] or office),
        }
        for authority in result.get("authorities", [])
    ]
