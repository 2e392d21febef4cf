"""Incident services: reporting sets the assessment and the clock; steps, reassessment, reports and closing."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader

from compliance.models import FlagState, RedFlag
from core.models import AuditEvent, Role
from deadlines.models import Deadline, DeadlineKind
from incidents import services
from incidents.models import IncidentStatus, ReportType, StepKind
from tests.factories import ClassificationFactory
from tests.incidents.conftest import GRID, RIGHTS, high_risk_result

pytestmark = pytest.mark.django_db


def clock_of(incident) -> Deadline | None:
    return Deadline.objects.filter(kind=DeadlineKind.INCIDENT_REPORT, source_id=str(incident.pk)).first()


def test_reporting_assesses_and_starts_the_clock_as_an_hour_precise_deadline(report):
    incident = report(hours_ago=2)
    assert incident.serious and incident.art73_applies and incident.reporter == "provider"
    assert incident.report_due_at == incident.aware_at + dt.timedelta(days=15)
    deadline = clock_of(incident)
    assert deadline.due_at == incident.report_due_at
    assert deadline.due_date == incident.report_due_at.astimezone(ZoneInfo("Europe/Berlin")).date()
    assessment = incident.assessments.get()
    assert assessment.answers["system.high_risk"] is True  # from the classification in force
    assert assessment.answers["incident.aware_at"].endswith(("+01:00", "+02:00"))
    assert assessment.result["deadline_paragraph"] == "73(2)" and len(assessment.regulation_sha256) == 64


def test_compliance_and_legal_are_emailed_at_once(report, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        incident = report()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["carol@example.test", "larry@example.test"]
    assert incident.title in mail.outbox[0].body and "https://tracker.example/incidents/" in mail.outbox[0].body


def test_the_system_is_not_high_risk_before_its_duties_apply(report, system):
    ClassificationFactory(ai_system=system, result=high_risk_result(applies_from="2099-01-01"))
    incident = report()
    assert incident.serious and not incident.art73_applies and clock_of(incident) is None


@pytest.mark.parametrize("role", [Role.APPROVER, Role.AUDITOR])
def test_approvers_and_auditors_may_not_report(report, actor_of, role):
    with pytest.raises(PermissionDenied):
        report(actor=actor_of(role))


def test_a_requester_may_report(report, actor_of):
    assert report(actor=actor_of(Role.REQUESTER)).pk


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"hours_ago": -3}, "aware_at"),
        ({"hours_ago": 24 * 366 * 6}, "aware_at"),
        ({"answers": {"incident.harms": ["nope"]}}, "incident.harms"),
        ({"answers": {"incident.aware_at": "2028-01-01T00:00:00Z"}}, "incident.aware_at"),
        ({"affected_count": -1}, "affected_count"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_is_refused_with_nothing_written(report, kwargs, field):
    with pytest.raises(ValidationError) as refused:
        report(**kwargs)
    assert field in refused.value.message_dict
    assert not Deadline.objects.exists() and not AuditEvent.objects.filter(action__startswith="incidents.").exists()


def test_an_other_organisations_system_is_refused(system, outsider):
    from core.access import Actor

    with pytest.raises(PermissionDenied):
        services.incident_report(
            actor=Actor.for_member(outsider),
            ai_system=system,
            data={"title": "x", "description": "y"},
            answers=RIGHTS,
            aware_at=timezone.now(),
        )


def test_a_death_learned_of_later_shortens_the_clock_only_when_it_ends_earlier(report, compliance):
    incident = report(hours_ago=24 * 3)
    first_due = incident.report_due_at
    death = {**RIGHTS, "incident.harms": ["death", "fundamental_rights_infringement"]}
    services.incident_reassess(actor=compliance, incident=incident, answers=death, facts_aware_at=timezone.now())
    incident.refresh_from_db()
    assert incident.deadline_paragraph == "73(4)"
    assert incident.report_due_at < first_due  # 10 days from today ends before 15 days from 3 days ago
    assert incident.assessments.count() == 2  # the first is kept
    assert clock_of(incident).due_at == incident.report_due_at
    assert incident.steps.filter(kind=StepKind.REASSESSED).exists()


def test_a_reassessment_that_adds_a_member_state_keeps_the_clock(report, compliance):
    incident = report(hours_ago=24 * 3)
    first_due = incident.report_due_at
    more = {**RIGHTS, "incident.member_states": ["DE", "FR"]}
    services.incident_reassess(actor=compliance, incident=incident, answers=more, facts_aware_at=timezone.now())
    incident.refresh_from_db()
    assert incident.report_due_at == first_due


def test_facts_cannot_be_known_before_the_incident(report, compliance):
    incident = report(hours_ago=2)
    with pytest.raises(ValidationError) as refused:
        services.incident_reassess(
            actor=compliance, incident=incident, answers=GRID, facts_aware_at=incident.aware_at - dt.timedelta(hours=1)
        )
    assert "facts_aware_at" in refused.value.message_dict


def test_a_report_marked_sent_is_frozen_as_a_pdf_with_its_sha256_and_stops_the_clock(report, compliance):
    incident = report(hours_ago=5)
    services.incident_step_record(
        actor=compliance,
        incident=incident,
        kind=StepKind.PROVIDER_INFORMED,
        happened_at=timezone.now(),
        method="E-mail",
        reference="TL-1",
    )
    draft = services.incident_report_draft(
        actor=compliance,
        incident=incident,
        report_type=ReportType.INITIAL,
        recipient="BNetzA",
        sections={"causal_analysis": "A proxy feature for nationality."},
    )
    sent = services.incident_report_mark_sent(actor=compliance, report=draft, sent_at=timezone.now())
    stored = sent.pdf.open("rb").read()
    assert hashlib.sha256(stored).hexdigest() == sent.sha256
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(stored)).pages)
    for expected in (
        "Initial report",
        "Reporting party",
        "AI system identification",
        "TalentLens Screen",
        "version 4.2",
        "Incident details",
        "Affected persons",
        "Causal analysis",
        "A proxy feature for nationality",
        "Immediate actions taken",
        "Planned corrective measures",
        "Contact",
        "BNetzA",
    ):
        assert expected in text
    incident.refresh_from_db()
    assert incident.first_report_sent_at == sent.sent_at and not incident.report_late and not sent.late
    assert clock_of(incident) is None
    assert [s.kind for s in incident.steps.all()] == [StepKind.PROVIDER_INFORMED, StepKind.INITIAL_REPORT]
    with pytest.raises(ValidationError):
        services.incident_report_update(actor=compliance, report=sent, sections={"contact": "changed"})


def test_a_report_after_the_limit_is_late_flagged_and_stays_counted(report, compliance, system):
    on_time = report(hours_ago=1)
    assert not RedFlag.objects.filter(code="incident_report_late", state=FlagState.OPEN).exists()
    incident = report(hours_ago=24 * 3, answers=GRID)  # 2 days: the limit passed a day ago, no report yet
    assert RedFlag.objects.filter(code="incident_report_late", ai_system=system, state=FlagState.OPEN).exists()
    assert on_time.report_due_at > timezone.now()
    draft = services.incident_report_draft(actor=compliance, incident=incident, report_type=ReportType.INITIAL)
    sent = services.incident_report_mark_sent(actor=compliance, report=draft, sent_at=timezone.now())
    incident.refresh_from_db()
    assert sent.late and incident.report_late
    assert RedFlag.objects.filter(code="incident_report_late", ai_system=system, state=FlagState.OPEN).exists()
    services.incident_close(actor=compliance, incident=incident)
    assert RedFlag.objects.filter(code="incident_report_late", ai_system=system, state=FlagState.OPEN).exists()


def test_closing_removes_the_clock(report, compliance):
    incident = report()
    services.incident_close(actor=compliance, incident=incident, note="Not our system after all.")
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.CLOSED and clock_of(incident) is None
    with pytest.raises(ValidationError):
        services.incident_close(actor=compliance, incident=incident)


def test_each_write_is_audited(report, compliance):
    incident = report()
    services.incident_step_record(
        actor=compliance, incident=incident, kind=StepKind.INVESTIGATION_NOTE, happened_at=timezone.now(), note="x"
    )
    actions = list(
        AuditEvent.objects.filter(action__startswith="incidents.").order_by("sequence").values_list("action", flat=True)
    )
    assert actions == ["incidents.incident.reported", "incidents.incident_step.recorded"]


def test_only_the_owner_changes_the_penalty_settings_and_it_is_audited(actor_of, organisation):
    with pytest.raises(PermissionDenied):
        services.organisation_settings_update(actor=actor_of(Role.COMPLIANCE), data={"is_sme": True})
    services.organisation_settings_update(
        actor=actor_of(Role.OWNER), data={"is_sme": True, "worldwide_turnover_eur": 20_000_000}
    )
    organisation.refresh_from_db()
    assert organisation.is_sme and organisation.worldwide_turnover_eur == 20_000_000
    event = AuditEvent.objects.get(action="incidents.organisation_settings.updated")
    assert event.changes["is_sme"] == [False, True]


def test_an_sme_is_not_also_a_small_mid_cap(actor_of):
    with pytest.raises(ValidationError) as refused:
        services.organisation_settings_update(
            actor=actor_of(Role.OWNER), data={"is_sme": True, "is_small_mid_cap": True}
        )
    assert "is_small_mid_cap" in refused.value.message_dict
