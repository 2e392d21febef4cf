"""Demo incidents: one closed with a complete report sent on time, one open on the HR screening system with
the provider informed and the initial report due in 6 days, and one whose report went out late.

Entered through the services, so the assessments, clocks, steps, reports (with their PDFs),
red flags and audit events are what a user's actions would create. The demo systems'
high-risk duties apply only from the Omnibus date (2 Dec 2027); the demo answers that they
already apply (`system.high_risk`), as they will when these incidents could really happen,
and the incident page says so.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from core.demo import DemoContext, register_demo_step
from core.models import Role
from incidents import services
from incidents.models import Incident, ReportType, StepKind
from vendors.models import AiSystem

HIGH_RISK_NOW = {"system.high_risk": True}


@dataclass(frozen=True)
class DemoIncident:
    system: str
    title: str
    description: str
    aware_days_ago: float
    answers: dict
    affected: str = ""
    affected_count: int | None = None
    provider_informed_after_hours: float | None = None
    # (report type, days after awareness) of the reports sent
    reports: tuple[tuple[str, float], ...] = ()
    close: bool = False
    extra_sections: dict = field(default_factory=dict)


DEMO_INCIDENTS = (
    DemoIncident(
        system="KW Score Consumer",
        title="Credit refusals skewed by postcode",
        description="A model update weighted postcodes so heavily that applicants from two districts were refused "
        "far more often than others with the same repayment history.",
        aware_days_ago=75,
        answers={
            **HIGH_RISK_NOW,
            "incident.harms": ["fundamental_rights_infringement"],
            "incident.member_states": ["DE"],
        },
        affected="Consumer credit applicants from two postcode districts",
        affected_count=312,
        provider_informed_after_hours=3,
        reports=((ReportType.INITIAL, 4), (ReportType.FINAL, 12)),
        close=True,
        extra_sections={
            "causal_analysis": "The retrained model used postcode as a proxy; the bias test of the release "
            "pipeline did not cover postcode groups.",
            "immediate_actions": "Model rolled back; refused applications reviewed by hand.",
            "corrective_measures": "Postcode removed as a feature; bias tests extended to regional groups.",
            "contact": "Compliance officer, compliance@northwind.example",
        },
    ),
    DemoIncident(
        system="TalentLens Screen",
        title="Applicants with foreign degrees ranked last",
        description="Recruiters noticed that every applicant with a degree from outside the EU was ranked at "
        "the bottom of the shortlist, whatever their experience.",
        aware_days_ago=9,
        answers={
            **HIGH_RISK_NOW,
            "incident.harms": ["fundamental_rights_infringement"],
            "incident.member_states": ["DE"],
        },
        affected="Job applicants for warehouse and office roles",
        affected_count=48,
        provider_informed_after_hours=5,
    ),
    DemoIncident(
        system="KW Score Consumer",
        title="Scores returned for the wrong applicants",
        description="A caching fault returned another applicant's score for a few hours; loans were refused "
        "on scores that were not the applicants' own.",
        aware_days_ago=40,
        answers={
            **HIGH_RISK_NOW,
            "incident.harms": ["fundamental_rights_infringement"],
            "incident.member_states": ["DE", "AT"],
        },
        affected="Consumer credit applicants",
        affected_count=17,
        provider_informed_after_hours=30,
        reports=((ReportType.INITIAL, 18),),
    ),
)


def _seed_incident(context: DemoContext, spec: DemoIncident, system: AiSystem, now: dt.datetime) -> None:
    actor = context.actor_for(Role.COMPLIANCE) if Role.COMPLIANCE in context.members else context.actor
    aware_at = now - dt.timedelta(days=spec.aware_days_ago)
    incident = services.incident_report(
        actor=actor,
        ai_system=system,
        data={
            "title": spec.title,
            "description": spec.description,
            "affected_persons": spec.affected,
            "affected_count": spec.affected_count,
        },
        answers=spec.answers,
        aware_at=aware_at,
        aware_time_zone=context.organisation.time_zone,
    )
    if spec.provider_informed_after_hours is not None:
        services.incident_step_record(
            actor=actor,
            incident=incident,
            kind=StepKind.PROVIDER_INFORMED,
            happened_at=aware_at + dt.timedelta(hours=spec.provider_informed_after_hours),
            method="E-mail to the provider's incident desk",
            reference=f"INC-{incident.pk:05d}",
        )
    for report_type, after_days in spec.reports:
        report = services.incident_report_draft(
            actor=actor,
            incident=incident,
            report_type=report_type,
            sections=spec.extra_sections,
            recipient="Bundesnetzagentur (market surveillance authority)",
        )
        services.incident_report_mark_sent(actor=actor, report=report, sent_at=aware_at + dt.timedelta(days=after_days))
    if spec.close:
        services.incident_close(actor=actor, incident=incident, note="Corrective measures in place and verified.")


@register_demo_step(order=60)
def seed_incidents(context: DemoContext) -> Counter[str]:
    """Serious incidents with their clocks, steps and reports."""
    counts: Counter[str] = Counter()
    now = timezone.now()
    systems = {s.name: s for s in AiSystem.objects.filter(organisation=context.organisation, archived_at=None)}
    known = set(Incident.objects.filter(organisation=context.organisation).values_list("title", flat=True))
    for spec in DEMO_INCIDENTS:
        if spec.system in systems and spec.title not in known:
            _seed_incident(context, spec, systems[spec.system], now)
            counts["incidents"] += 1
    return counts
