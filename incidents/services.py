"""Every write of the incidents app: organisation settings, incidents, assessments, steps, reports, files, evidence.

Each function checks permission, validates, writes and records the audit event in one
transaction. The incident's clock is a `deadlines.Deadline` row with `due_at`, so the
15-minute clock run (deadlines/clocks.py) reminds of it; it is removed once a report
is made or the incident no longer needs one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from compliance.services import red_flags_reevaluate_system
from core.access import Actor, Capability
from core.audit import created, diff, record, snapshot
from core.models import Organisation, validate_time_zone
from deadlines.models import DeadlineKind
from deadlines.services import deadline_sync
from incidents import audit_actions as actions
from incidents import hooks
from incidents.assessment import Clock, effective_clock
from incidents.models import (
    MANUAL_STEPS,
    REPORT_SECTIONS,
    Incident,
    IncidentAssessment,
    IncidentFile,
    IncidentReport,
    IncidentStatus,
    IncidentStep,
    PenaltyFactorEvidence,
    ReportType,
    StepKind,
)
from incidents.regulation import SOURCE, regulation
from incidents.selectors import system_answers
from incidents.stateless import incident_assessment

ORGANISATION_SETTINGS_FIELDS = (
    "worldwide_turnover_eur",
    "is_sme",
    "is_small_mid_cap",
    "is_public_authority",
    "is_union_institution",
)
INCIDENT_FIELDS = ("title", "description", "occurred_at", "affected_persons", "affected_count")
# The answers a person gives about an incident; the rest come from the system's classification.
GIVEN_ANSWER_KEYS = (
    "incident.harms",
    "incident.member_states",
    "incident.widespread_infringement",
    "system.medical_device",
    "provider.equivalent_sectoral_reporting",
    "system.ai_office_competence",
    "org.provider_reachable",
)
REPORT_STEPS = {
    ReportType.INITIAL: StepKind.INITIAL_REPORT,
    ReportType.FOLLOW_UP: StepKind.INITIAL_REPORT,
    ReportType.FINAL: StepKind.COMPLETE_REPORT,
}
# An incident dated further back than this is almost certainly a typing error.
OLDEST_AWARENESS = dt.timedelta(days=366 * 5)


# Organisation settings -------------------------------------------------------------------


@transaction.atomic
def organisation_settings_update(*, actor: Actor, data: Mapping[str, Any]) -> Organisation:
    """The owner sets what the ceiling of a fine depends on (Art 99-100); the classifier pre-fills org.is_sme."""
    actor.require(Capability.MANAGE_MEMBERS)
    unknown = set(data) - set(ORGANISATION_SETTINGS_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "Not an organisation setting."))
    organisation = Organisation.objects.select_for_update().get(pk=actor.organisation.pk)
    before = snapshot(organisation, ORGANISATION_SETTINGS_FIELDS)
    for name, value in data.items():
        setattr(organisation, name, value)
    if organisation.is_sme and organisation.is_small_mid_cap:
        raise ValidationError({"is_small_mid_cap": "An SME is not also a small mid-cap: choose one."})
    organisation.full_clean(exclude=["name", "slug"])
    organisation.save(update_fields=list(ORGANISATION_SETTINGS_FIELDS))
    changes = diff(before, snapshot(organisation, ORGANISATION_SETTINGS_FIELDS))
    record(actor, actions.ORGANISATION_SETTINGS_UPDATED, organisation, changes=changes)
    return organisation


# Incidents -------------------------------------------------------------------------------


def _require_manage(actor: Actor) -> None:
    actor.require(Capability.MANAGE_INCIDENTS)


def _require_same_organisation(actor: Actor, *objects) -> None:
    if any(obj.organisation_id != actor.organisation.pk for obj in objects):
        raise PermissionDenied("That belongs to another organisation.")


def _aware_instant(aware_at: Any, time_zone: str, field: str = "aware_at") -> dt.datetime:
    if not isinstance(aware_at, dt.datetime):
        raise ValidationError({field: "Give a date and time."})
    try:
        validate_time_zone(time_zone)
    except ValidationError as error:
        raise ValidationError({"aware_time_zone": error.messages}) from None
    if timezone.is_naive(aware_at):
        aware_at = aware_at.replace(tzinfo=ZoneInfo(time_zone))
    now = timezone.now()
    if aware_at > now + dt.timedelta(minutes=5):
        raise ValidationError({field: "This is in the future: give when it became known."})
    if aware_at < now - OLDEST_AWARENESS:
        raise ValidationError({field: "This is more than five years ago: check the year."})
    return aware_at


def _contract_answers(ai_system, given: Mapping[str, Any], aware_at: dt.datetime, time_zone: str) -> dict:
    """The full contract answers: derived from the classification, then what the person gave."""
    if not isinstance(given, Mapping):
        raise ValidationError({"answers": "Give the answers as an object of answer keys to values."})
    if "incident.aware_at" in given:
        raise ValidationError({"incident.aware_at": "Give the awareness time as aware_at, with its time zone."})
    answers = {**system_answers(ai_system, aware_at), **given}
    answers["incident.aware_at"] = aware_at.astimezone(ZoneInfo(time_zone)).isoformat()
    return answers


def _assess(actor: Actor, incident: Incident, answers: dict, facts_aware_at: dt.datetime, note: str):
    result = incident_assessment(answers)
    return IncidentAssessment.objects.create(
        organisation=incident.organisation,
        incident=incident,
        answers=answers,
        result=result,
        regulation_version=regulation().version,
        regulation_sha256=hashlib.sha256(SOURCE.read_bytes()).hexdigest(),
        facts_aware_at=facts_aware_at,
        note=note,
        created_by=actor.user,
    )


def _apply_assessment(incident: Incident, assessment: IncidentAssessment) -> None:
    """Mirror the current assessment on the incident and set the binding clock over all assessments."""
    result = assessment.result
    incident.serious = result["serious_incident"]
    incident.art73_applies = result["art73_applies"]
    incident.reporter = result["reporter"] or ""
    clock = None
    if result["art73_applies"]:
        clock = effective_clock(
            Clock(a.result["deadline_paragraph"], a.result["deadline_days"], a.facts_aware_at)
            for a in incident.assessments.all()
            if a.result["art73_applies"]
        )
    incident.deadline_paragraph = clock.paragraph if clock else ""
    incident.deadline_days = clock.days if clock else None
    incident.clock_aware_at = clock.aware_at if clock else None
    incident.report_due_at = clock.due_at if clock else None


def clock_sync(incident: Incident) -> None:
    """The incident's clock as a Deadline: while Art 73 applies, the incident is open and no report is made."""
    running = incident.is_open and incident.report_due_at and not incident.first_report_sent_at
    due_at = incident.report_due_at if running else None
    zone = ZoneInfo(incident.organisation.time_zone)
    deadline_sync(
        organisation=incident.organisation,
        kind=DeadlineKind.INCIDENT_REPORT,
        source=incident,
        due_date=due_at.astimezone(zone).date() if due_at else None,
        due_at=due_at,
        title=f"Serious incident report: {incident.title}",
        ai_system=incident.ai_system,
        vendor=incident.ai_system.vendor,
        link=reverse("incidents:incident_detail", args=[incident.pk]),
    )


def _reevaluate_flags(incident: Incident) -> None:
    """A late or overdue report is a red flag on the system (incident_report_late)."""
    red_flags_reevaluate_system(incident.ai_system)


def _incident_fields(data: Mapping[str, Any]) -> dict:
    unknown = set(data) - set(INCIDENT_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Not a field of an incident."))
    return dict(data)


def _full_clean(instance, exclude=()) -> None:
    instance.full_clean(exclude=["organisation", "ai_system", "reported_by", *exclude])


def incident_report(
    *,
    actor: Actor,
    ai_system,
    data: Mapping[str, Any],
    answers: Mapping[str, Any],
    aware_at: dt.datetime,
    aware_time_zone: str = "",
) -> Incident:
    """Anyone but the approver and auditor reports an incident; it is assessed at once and its clock set.

    Compliance and legal are e-mailed once the transaction commits.
    """
    actor.require(Capability.REPORT_INCIDENT)
    _require_same_organisation(actor, ai_system)
    if ai_system.archived_at:
        raise ValidationError({"ai_system": "This AI system is archived."})
    time_zone = aware_time_zone or actor.organisation.time_zone
    aware_at = _aware_instant(aware_at, time_zone)
    fields = _incident_fields(data)
    contract_answers = _contract_answers(ai_system, answers, aware_at, time_zone)
    with transaction.atomic():
        incident = Incident(
            organisation=actor.organisation,
            ai_system=ai_system,
            aware_at=aware_at,
            aware_time_zone=time_zone,
            reported_by=actor.membership,
            **fields,
        )
        _full_clean(incident, exclude=["serious", "art73_applies"])
        if incident.occurred_at and incident.occurred_at > aware_at:
            raise ValidationError({"occurred_at": "It cannot have happened after we became aware of it."})
        incident.save()
        assessment = _assess(actor, incident, contract_answers, aware_at, note="First assessment")
        _apply_assessment(incident, assessment)
        incident.save()
        clock_sync(incident)
        record(
            actor,
            actions.INCIDENT_REPORTED,
            incident,
            changes=created({**snapshot(incident, ("ai_system", "aware_at", "report_due_at")), "answers": answers}),
        )
        _reevaluate_flags(incident)
        hooks.incident_reported.send(incident, actor)
        transaction.on_commit(lambda: _queue_notification(incident.pk))
    return incident


def _queue_notification(incident_id: int) -> None:
    from incidents.tasks import notify_incident_reported

    notify_incident_reported.delay(incident_id)


@transaction.atomic
def incident_update(*, actor: Actor, incident: Incident, data: Mapping[str, Any]) -> Incident:
    """Change the description of an incident; its facts change through a reassessment."""
    _require_manage(actor)
    _require_same_organisation(actor, incident)
    fields = _incident_fields(data)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    before = snapshot(incident, fields)
    for name, value in fields.items():
        setattr(incident, name, value)
    _full_clean(incident)
    incident.save(update_fields=list(fields))
    record(actor, actions.INCIDENT_UPDATED, incident, changes=diff(before, snapshot(incident, fields)))
    return incident


@transaction.atomic
def incident_reassess(
    *, actor: Actor, incident: Incident, answers: Mapping[str, Any], facts_aware_at: dt.datetime, note: str = ""
) -> IncidentAssessment:
    """Assess again on new facts, keeping the earlier assessments; the clock moves only as the rules say."""
    _require_manage(actor)
    _require_same_organisation(actor, incident)
    incident = Incident.objects.select_for_update().select_related("organisation", "ai_system").get(pk=incident.pk)
    if not incident.is_open:
        raise ValidationError({"incident": "This incident is closed."})
    facts_aware_at = _aware_instant(facts_aware_at, incident.aware_time_zone, "facts_aware_at")
    if facts_aware_at < incident.aware_at:
        raise ValidationError({"facts_aware_at": "New facts cannot be known before the incident itself."})
    contract_answers = _contract_answers(incident.ai_system, answers, facts_aware_at, incident.aware_time_zone)
    assessment = _assess(actor, incident, contract_answers, facts_aware_at, note=note)
    before = snapshot(incident, ("serious", "art73_applies", "deadline_paragraph", "report_due_at"))
    _apply_assessment(incident, assessment)
    incident.save()
    clock_sync(incident)
    _step(actor, incident, StepKind.REASSESSED, facts_aware_at, note=note)
    changes = diff(before, snapshot(incident, before))
    record(actor, actions.INCIDENT_REASSESSED, incident, changes={**changes, "answers": dict(answers)})
    _reevaluate_flags(incident)
    return assessment


@transaction.atomic
def incident_close(*, actor: Actor, incident: Incident, note: str = "") -> Incident:
    _require_manage(actor)
    _require_same_organisation(actor, incident)
    incident = Incident.objects.select_for_update().select_related("organisation", "ai_system").get(pk=incident.pk)
    if not incident.is_open:
        raise ValidationError({"incident": "This incident is already closed."})
    incident.status = IncidentStatus.CLOSED
    incident.closed_at = timezone.now()
    incident.save(update_fields=["status", "closed_at"])
    clock_sync(incident)
    _step(actor, incident, StepKind.CLOSED, incident.closed_at, note=note)
    record(actor, actions.INCIDENT_CLOSED, incident, changes={"status": ["open", "closed"], "note": note})
    _reevaluate_flags(incident)
    return incident


# Steps -----------------------------------------------------------------------------------


def _step(actor: Actor, incident: Incident, kind: str, happened_at: dt.datetime, **fields) -> IncidentStep:
    step = IncidentStep(
        organisation=incident.organisation,
        incident=incident,
        kind=kind,
        happened_at=happened_at,
        created_by=actor.user,
        **fields,
    )
    step.full_clean(exclude=["organisation", "incident"])
    step.save()
    return step


def _report_made(incident: Incident, at: dt.datetime) -> bool:
    """The first report stops the clock; returns whether it came after the limit (it stays counted)."""
    late = bool(incident.report_due_at and at > incident.report_due_at)
    if incident.first_report_sent_at is None:
        incident.first_report_sent_at = at
        incident.report_late = late
        incident.save(update_fields=["first_report_sent_at", "report_late"])
        clock_sync(incident)
        _reevaluate_flags(incident)
    return late


def _happened_at(value: Any, incident: Incident, field: str = "happened_at") -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise ValidationError({field: "Give a date and time."})
    if timezone.is_naive(value):
        value = value.replace(tzinfo=ZoneInfo(incident.organisation.time_zone))
    if value > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({field: "This is in the future."})
    if value < incident.aware_at - dt.timedelta(days=1):
        raise ValidationError({field: "This is before we became aware of the incident."})
    return value


@transaction.atomic
def incident_step_record(
    *,
    actor: Actor,
    incident: Incident,
    kind: str,
    happened_at: dt.datetime,
    method: str = "",
    reference: str = "",
    note: str = "",
) -> IncidentStep:
    """Record a step: provider, importer or authority informed, a report made elsewhere, an action, a note."""
    _require_manage(actor)
    _require_same_organisation(actor, incident)
    if kind not in (*MANUAL_STEPS, StepKind.INITIAL_REPORT, StepKind.COMPLETE_REPORT):
        raise ValidationError({"kind": "Choose one of the steps offered."})
    incident = Incident.objects.select_for_update().select_related("organisation", "ai_system").get(pk=incident.pk)
    happened_at = _happened_at(happened_at, incident)
    step = _step(actor, incident, kind, happened_at, method=method, reference=reference, note=note)
    if kind in (StepKind.INITIAL_REPORT, StepKind.COMPLETE_REPORT):
        _report_made(incident, happened_at)
    fields = ("incident", "kind", "happened_at", "method", "reference", "note")
    record(actor, actions.STEP_RECORDED, step, changes=created(snapshot(step, fields)))
    return step


# Reports ---------------------------------------------------------------------------------


def report_draft_sections(incident: Incident) -> dict[str, str]:
    """A first draft of each section from what the incident record already says."""
    system = incident.ai_system
    organisation = incident.organisation
    zone = ZoneInfo(incident.aware_time_zone)
    occurred = f"Occurred: {incident.occurred_at.astimezone(zone):%d %b %Y %H:%M %Z}\n" if incident.occurred_at else ""
    return {
        "reporting_party": f"{organisation.name} ({'provider' if incident.reporter == 'provider' else 'deployer'})",
        "system_identification": (
            f"{system.name}{f' version {system.version}' if system.version else ''}, provided by "
            f"{system.vendor.legal_name}\nEU database registration number: \nCE marking: "
        ),
        "incident_details": (
            f"{incident.title}\n{occurred}Became aware: {incident.aware_at.astimezone(zone):%d %b %Y %H:%M %Z}\n"
            f"{incident.description}"
        ),
        "affected_persons": (
            incident.affected_persons
            + (f"\nNumber of persons affected: {incident.affected_count}" if incident.affected_count else "")
        ).strip(),
        "causal_analysis": "",
        "immediate_actions": "",
        "corrective_measures": "",
        "contact": "",
    }


def _clean_sections(sections: Any) -> dict[str, str]:
    if not isinstance(sections, Mapping):
        raise ValidationError({"sections": "Give the sections as an object of section keys to text."})
    known = dict(REPORT_SECTIONS)
    unknown = set(sections) - set(known)
    if unknown:
        raise ValidationError({"sections": f"Unknown section(s): {', '.join(sorted(map(str, unknown)))}."})
    if not all(isinstance(text, str) and len(text) <= 20_000 for text in sections.values()):
        raise ValidationError({"sections": "Each section is text of at most 20,000 characters."})
    return dict(sections)


@transaction.atomic
def incident_report_draft(
    *, actor: Actor, incident: Incident, report_type: str, sections: Mapping[str, str] | None = None, recipient=""
) -> IncidentReport:
    _require_manage(actor)
    _require_same_organisation(actor, incident)
    if report_type not in ReportType.values:
        raise ValidationError({"report_type": "Choose initial, follow-up or final."})
    content = {**report_draft_sections(incident), **_clean_sections(sections or {})}
    report = IncidentReport(
        organisation=incident.organisation,
        incident=incident,
        report_type=report_type,
        sections=content,
        recipient=recipient,
        created_by=actor.user,
    )
    report.full_clean(exclude=["organisation", "incident", "pdf"])
    report.save()
    record(
        actor,
        actions.REPORT_DRAFTED,
        report,
        changes={"incident": incident.pk, **created({"report_type": report_type})},
    )
    return report


@transaction.atomic
def incident_report_update(
    *, actor: Actor, report: IncidentReport, sections: Mapping[str, str], recipient: str | None = None
) -> IncidentReport:
    _require_manage(actor)
    _require_same_organisation(actor, report)
    report = IncidentReport.objects.select_for_update().get(pk=report.pk)
    if report.is_sent:
        raise ValidationError({"sections": "A sent report is kept as sent: draft a follow-up report instead."})
    before = {"sections": report.sections, "recipient": report.recipient}
    report.sections = {**report.sections, **_clean_sections(sections)}
    if recipient is not None:
        report.recipient = recipient
    report.full_clean(exclude=["organisation", "incident", "pdf"])
    report.save(update_fields=["sections", "recipient"])
    after = {"sections": report.sections, "recipient": report.recipient}
    record(actor, actions.REPORT_UPDATED, report, changes={"incident": report.incident_id, **diff(before, after)})
    return report


@transaction.atomic
def incident_report_mark_sent(*, actor: Actor, report: IncidentReport, sent_at: dt.datetime) -> IncidentReport:
    """Freeze the report: its PDF is generated and stored with its SHA-256; a report after the limit is late."""
    from incidents.pdf import report_pdf

    _require_manage(actor)
    _require_same_organisation(actor, report)
    report = IncidentReport.objects.select_for_update().select_related("incident__organisation").get(pk=report.pk)
    if report.is_sent:
        raise ValidationError({"sent_at": "This report is already marked sent."})
    incident = (
        Incident.objects.select_for_update()
        .select_related("organisation", "ai_system__vendor")
        .get(pk=report.incident_id)
    )
    sent_at = _happened_at(sent_at, incident, "sent_at")
    report.incident = incident
    report.sent_at = sent_at
    pdf = report_pdf(report)
    report.sha256 = hashlib.sha256(pdf).hexdigest()
    report.pdf.save(f"incident-{incident.pk}-report-{report.pk}.pdf", ContentFile(pdf), save=False)
    report.late = _report_made(incident, sent_at) if incident.first_report_sent_at is None else False
    report.save(update_fields=["sent_at", "sha256", "pdf", "late"])
    note = f"{report.get_report_type_display()} to {report.recipient}" if report.recipient else ""
    _step(actor, incident, REPORT_STEPS[report.report_type], sent_at, reference=report.sha256[:12], note=note)
    changes = {
        "incident": incident.pk,
        "sent_at": [None, sent_at],
        "sha256": [None, report.sha256],
        "late": report.late,
    }
    record(actor, actions.REPORT_SENT, report, changes=changes)
    return report


# Files and evidence ----------------------------------------------------------------------


@transaction.atomic
def incident_file_add(*, actor: Actor, incident: Incident, upload) -> IncidentFile:
    from compliance.uploads import check_upload

    _require_manage(actor)
    _require_same_organisation(actor, incident)
    checked = check_upload(upload)
    kept = IncidentFile(
        organisation=incident.organisation,
        incident=incident,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor.user,
    )
    upload.seek(0)
    kept.file.save(checked.stored_name, upload, save=False)
    kept.save()
    changes = {"incident": incident.pk, **created({"name": kept.original_name, "sha256": kept.sha256})}
    record(actor, actions.FILE_ADDED, kept, changes=changes)
    return kept


@transaction.atomic
def penalty_evidence_update(
    *, actor: Actor, article: str, point: str, in_place: bool, evidence: str
) -> PenaltyFactorEvidence:
    """Our evidence on one Art 99(7) (or 100(1), 101(1)) factor."""
    _require_manage(actor)
    if point not in regulation().factors.get(article, {}):
        raise ValidationError({"point": "Not a factor of that article."})
    if not isinstance(evidence, str) or len(evidence) > 5000:
        raise ValidationError({"evidence": "Describe the evidence in at most 5,000 characters."})
    item, _ = PenaltyFactorEvidence.objects.select_for_update().get_or_create(
        organisation=actor.organisation, article=article, point=point
    )
    before = snapshot(item, ("in_place", "evidence"))
    item.in_place = bool(in_place)
    item.evidence = evidence
    item.updated_by = actor.user
    item.save()
    record(
        actor, actions.PENALTY_EVIDENCE_UPDATED, item, changes=diff(before, snapshot(item, ("in_place", "evidence")))
    )
    return item
