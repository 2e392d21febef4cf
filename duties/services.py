"""Every write to deployer duties, oversight people, FRIAs, trainings and system users.

Each function checks permission (owners and compliance write: MANAGE_REGISTRY), validates,
writes and records the audit event in one transaction, then keeps the duty's deadline
and the system's red flags in step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from assessments.models import Classification
from compliance.services import red_flags_reevaluate_system
from compliance.uploads import check_upload
from core.access import Actor, Capability
from core.audit import Entry, created, diff, record, record_many, snapshot
from core.dates import today_in
from core.models import Membership
from deadlines.models import DeadlineKind
from deadlines.services import deadline_sync
from duties import audit_actions as actions
from duties.catalogue import applicable_duties, default_catalogue
from duties.models import (
    FRIA_FIELDS,
    Duty,
    DutyHistory,
    DutyStatus,
    Fria,
    FriaStatus,
    OversightAssignment,
    SystemUser,
    Training,
)
from duties.records import record_form
from vendors.models import AiSystem

DUTY_FIELDS = ("owner", "status", "not_applicable_reason", "note")
FRIA_DUTY = "fria"
REUSE_VERDICTS = ("same", "changed")
MAX_TEXT = 20000


# Shared steps --------------------------------------------------------------------------


def _require_write(actor: Actor, obj) -> None:
    actor.require(Capability.MANAGE_REGISTRY)
    if obj.organisation_id != actor.organisation.pk:
        raise PermissionDenied("This object belongs to another organisation.")


def _today(organisation) -> dt.date:
    return today_in(organisation.time_zone)


def _member_of(actor: Actor, member, field: str) -> Membership | None:
    """A member of the actor's organisation; anyone else is unknown."""
    if member is None:
        return None
    if not isinstance(member, Membership) or member.organisation_id != actor.organisation.pk:
        raise ValidationError({field: "Unknown member."})
    return member


def _store_file(obj, field: str, file: UploadedFile | None) -> str:
    """Check an upload and attach it to `obj.<field>` (not yet saved); returns the stored name to clean up."""
    checked = check_upload(file)
    getattr(obj, field).save(checked.stored_name, file, save=False)
    setattr(obj, f"{field}_name", checked.original_name)
    setattr(obj, f"{field}_content_type", checked.content_type)
    return getattr(obj, field).name


def _with_file_cleanup(obj, field: str, file, write):
    """Run `write` after storing the file; on any error nothing stays stored."""
    stored = ""
    try:
        if file is not None:
            stored = _store_file(obj, field, file)
        return write()
    except Exception:
        if stored:
            getattr(obj, field).storage.delete(stored)
        raise


def _history_row(duty: Duty, event: str, actor: Actor, detail: str = "") -> DutyHistory:
    return DutyHistory(duty=duty, at=timezone.now(), event=event, detail=detail[:300], by=actor.membership)


def _history(duty: Duty, event: str, actor: Actor, detail: str = "") -> None:
    _history_row(duty, event, actor, detail).save()


def _sync_deadline(duty: Duty) -> None:
    deadline_sync(
        organisation=duty.organisation,
        kind=DeadlineKind.DEPLOYER_DUTY,
        source=duty,
        due_date=duty.due_date,
        title=f"{duty.label} – {duty.ai_system}",
        ai_system=duty.ai_system,
        owner=duty.owner,
        link=duty.get_absolute_url(),
    )


def _after_change(system: AiSystem) -> None:
    """Red flags read the duties: re-evaluate the system's at once."""
    red_flags_reevaluate_system(system)


# Duties from a classification ----------------------------------------------------------


DERIVED_FIELDS = ("article", "record_kind", "pre_use", "cadence_months", "applies_from", "catalogue_version")


def duties_sync(*, actor: Actor, classification: Classification) -> list[Duty]:
    """Create, update, retire and reinstate the system's duties to match its new classification.

    Written in bulk (duties, history rows, audit events): a classification brings several at once.
    """
    system = classification.ai_system
    catalogue = default_catalogue()
    applicable = {
        item.spec.code: item for item in applicable_duties(catalogue, classification.result, classification.answers)
    }
    # Inside the classification's own transaction when called from its hook: no savepoint of our own.
    with transaction.atomic(savepoint=False):
        existing = {duty.code: duty for duty in Duty.objects.select_for_update().filter(ai_system=system)}
        new, changed, events, history = [], [], [], []
        for code, item in applicable.items():
            values = {
                "article": item.spec.article,
                "record_kind": item.spec.record,
                "pre_use": item.spec.pre_use,
                "cadence_months": item.spec.cadence_months,
                "applies_from": item.applies_from,
                "catalogue_version": catalogue.version,
            }
            duty = existing.get(code)
            if duty is None:
                new.append(
                    Duty(
                        organisation=system.organisation,
                        ai_system=system,
                        code=code,
                        owner=system.business_owner,
                        classification=classification,
                        **values,
                    )
                )
                continue
            before, was_retired = snapshot(duty, (*DERIVED_FIELDS, "retired_at")), duty.is_retired
            for name, value in values.items():
                setattr(duty, name, value)
            duty.retired_at, duty.classification = None, classification
            changes = diff(before, snapshot(duty, (*DERIVED_FIELDS, "retired_at")))
            changed.append(duty)
            if was_retired:
                history.append(_history_row(duty, "reinstated", actor, "Required again by the new classification."))
            if changes:
                events.append(Entry(actions.DUTY_REINSTATED if was_retired else actions.DUTY_UPDATED, duty, changes))
        retired_now = timezone.now()
        for code, duty in existing.items():
            if code not in applicable and not duty.is_retired:
                duty.retired_at = retired_now
                changed.append(duty)
                history.append(_history_row(duty, "retired", actor, "No longer required by the new classification."))
                events.append(Entry(actions.DUTY_RETIRED, duty, {"retired_at": [None, retired_now]}))
        Duty.objects.bulk_create(new)
        for duty in new:
            history.append(_history_row(duty, "created", actor, "Required by the new classification."))
            events.append(Entry(actions.DUTY_CREATED, duty, created(snapshot(duty, ("code", *DERIVED_FIELDS)))))
        if changed:
            Duty.objects.bulk_update(changed, [*DERIVED_FIELDS, "retired_at", "classification"])
        for row in history:
            row.classification = classification
        DutyHistory.objects.bulk_create(history)
        record_many(actor, events)
        for duty in [*new, *changed]:
            _sync_deadline(duty)
        if FRIA_DUTY in applicable:
            _reopen_after_reclassification(actor, system, classification)
        _after_change(system)
    return [duty for duty in [*new, *changed] if not duty.is_retired]


def _reopen_after_reclassification(actor: Actor, system: AiSystem, classification: Classification) -> None:
    """Art 27(2): an approved FRIA is updated when a relevant element changes, e.g. a new classification."""
    latest = _latest_fria(system)
    if latest is None or latest.status != FriaStatus.APPROVED:
        return
    assessed = latest.classification
    if (
        assessed is not None
        and assessed.answers == classification.answers
        and assessed.timeline == classification.timeline
    ):
        return
    _reopen(actor, latest, "The system was classified again.")


def on_incident_reported(incident, actor: Actor) -> None:
    """Art 27(2): a serious incident may show a risk the FRIA weighed has materialised; the FRIA is looked at again."""
    if incident.serious:
        _reopen_approved(actor, incident.ai_system, f"A serious incident was reported: {incident}"[:300])


def on_modification_recorded(modification, actor: Actor) -> None:
    """Art 27(2): the system the FRIA assessed was changed; a trigger's re-classification may have re-opened it."""
    _reopen_approved(
        actor, modification.ai_system, f"A modification of {modification.changed_on:%d %b %Y} was recorded."
    )


def _reopen_approved(actor: Actor, system: AiSystem, reason: str) -> None:
    latest = _latest_fria(system)
    if latest is not None and latest.status == FriaStatus.APPROVED:
        _reopen(actor, latest, reason)


def on_classification_saved(classification: Classification, actor: Actor) -> None:
    duties_sync(actor=actor, classification=classification)


ASSESSED_SYSTEM_FIELDS = frozenset({"intended_purpose", "deployment_context"})


def on_registry_changed(changed, actor: Actor, fields: Iterable[str]) -> None:
    """Art 27(2): a change of the system's intended purpose or deployment context re-opens its approved FRIA."""
    if not isinstance(changed, AiSystem) or not ASSESSED_SYSTEM_FIELDS & set(fields):
        return
    latest = _latest_fria(changed)
    if latest is None or latest.status != FriaStatus.APPROVED:
        return
    if (latest.assessed_purpose, latest.assessed_context) != (changed.intended_purpose, changed.deployment_context):
        _reopen(actor, latest, "The system's intended purpose or deployment context changed.")


# Duties: owner, status and records -------------------------------------------------------


def _accepted(data: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")
    return {name: value.strip() if isinstance(value, str) else value for name, value in data.items()}


@transaction.atomic
def duty_update(*, actor: Actor, duty: Duty, data: Mapping[str, Any]) -> Duty:
    """Change a duty's owner, status or note. Done needs a complete record; not applicable needs a reason."""
    _require_write(actor, duty)
    values = _accepted(data, DUTY_FIELDS)
    if duty.is_retired:
        raise ValidationError({"status": "This duty was retired by a reclassification; it needs no more work."})
    if "owner" in values:
        values["owner"] = _member_of(actor, values["owner"], "owner")
    status = values.get("status", duty.status)
    if status not in DutyStatus.values:
        raise ValidationError({"status": "Choose open, in progress, done or not applicable."})
    reason = values.get("not_applicable_reason", duty.not_applicable_reason)
    if status == DutyStatus.NOT_APPLICABLE and not reason:
        raise ValidationError({"not_applicable_reason": "Say why this duty does not apply to us."})
    if status == DutyStatus.DONE and duty.status != DutyStatus.DONE:
        problems = duty_missing(duty)
        if problems:
            raise ValidationError({"status": problems})
    for name, value in values.items():
        if name == "note" and len(value or "") > MAX_TEXT:
            raise ValidationError({"note": "Keep the note under 20,000 characters."})
    before = snapshot(duty, DUTY_FIELDS)
    for name, value in values.items():
        setattr(duty, name, value)
    if status == DutyStatus.DONE and before["status"] != DutyStatus.DONE:
        duty.done_on = _today(duty.organisation)
    if status != DutyStatus.NOT_APPLICABLE:
        duty.not_applicable_reason = ""
    changes = diff(before, snapshot(duty, DUTY_FIELDS))
    if changes:
        duty.save()
        if "status" in changes:
            _history(duty, "status", actor, f"{changes['status'][0]} → {changes['status'][1]}")
        record(actor, actions.DUTY_UPDATED, duty, changes=changes)
        _sync_deadline(duty)
        _after_change(duty.ai_system)
    return duty


def duty_missing(duty: Duty) -> list[str]:
    """What the duty's record still lacks before it can count as done."""
    kind = duty.record_kind
    if kind == "oversight":
        people = list(duty.oversight_people.all())
        if not people:
            return ["Assign at least one person to oversee the system."]
        if not any(person.can_stop for person in people):
            return ["At least one assigned person needs the authority to stop the system."]
        return []
    if kind == "fria":
        latest = _latest_fria(duty.ai_system)
        return [] if latest and latest.status == FriaStatus.APPROVED else ["The FRIA is not approved yet."]
    form = record_form(kind, organisation=duty.organisation)
    if form is None:
        return []
    if not duty.record:
        return ["Fill in the record first."]
    if form.needs_file and not duty.evidence:
        return [f"Attach the {form.file_label.lower()} file."]
    return []


@transaction.atomic
def duty_record_save(*, actor: Actor, duty: Duty, data: Mapping[str, Any], file: UploadedFile | None = None) -> Duty:
    """Store the duty's structured record (and its file); a complete record marks the duty done."""
    _require_write(actor, duty)
    if duty.is_retired:
        raise ValidationError({"record": "This duty was retired by a reclassification."})
    form = record_form(duty.record_kind, data, organisation=duty.organisation)
    if form is None:
        raise ValidationError({"record": "This duty keeps no structured record: set its status instead."})
    if not form.is_valid():
        raise ValidationError({field: list(messages) for field, messages in form.errors.items()})
    if form.needs_file and file is None and not duty.evidence:
        raise ValidationError({"file": f"Attach the {form.file_label.lower()}."})

    def write() -> Duty:
        before = {"record": duty.record, "evidence_name": duty.evidence_name}
        duty.record = form.stored()
        duty.save()
        record(
            actor,
            actions.DUTY_RECORDED,
            duty,
            changes=diff(before, {"record": duty.record, "evidence_name": duty.evidence_name}),
        )
        _complete_if_ready(actor, duty)
        return duty

    return _with_file_cleanup(duty, "evidence", file, write)


def _complete_if_ready(actor: Actor, duty: Duty) -> None:
    """A duty whose record is complete is done (and its deadline moves to the next round, if any)."""
    if duty.status != DutyStatus.DONE and not duty_missing(duty):
        before = duty.status
        duty.status, duty.done_on = DutyStatus.DONE, _today(duty.organisation)
        duty.save(update_fields=["status", "done_on", "updated_at"])
        _history(duty, "status", actor, "done: record complete")
        record(actor, actions.DUTY_UPDATED, duty, changes={"status": [before, DutyStatus.DONE]})
    _sync_deadline(duty)
    _after_change(duty.ai_system)


# Human oversight -------------------------------------------------------------------------

OVERSIGHT_FIELDS = ("member", "competence", "training_course", "trained_on", "can_stop")


@transaction.atomic
def oversight_assign(
    *, actor: Actor, duty: Duty, data: Mapping[str, Any], certificate: UploadedFile | None = None
) -> OversightAssignment:
    _require_write(actor, duty)
    if duty.record_kind != "oversight":
        raise ValidationError({"member": "People are assigned on the human oversight duty."})
    values = _accepted(data, OVERSIGHT_FIELDS)
    errors = {}
    try:
        values["member"] = _member_of(actor, values.get("member"), "member")
    except ValidationError as error:
        errors.update(error.message_dict)
    if values.get("member") is None and "member" not in errors:
        errors["member"] = ["Choose the member who oversees the system."]
    if not values.get("competence"):
        errors["competence"] = ["Say why this person is competent (Art 26(2))."]
    trained_on = values.get("trained_on")
    if trained_on is not None and (trained_on.year < 2000 or trained_on > _today(duty.organisation)):
        errors["trained_on"] = ["Give the date the training was completed, not in the future."]
    if errors:
        raise ValidationError(errors)
    assignment = OversightAssignment(organisation=duty.organisation, duty=duty, **values)

    def write() -> OversightAssignment:
        try:
            with transaction.atomic():
                assignment.save()
        except IntegrityError:
            raise ValidationError({"member": "This member is already assigned."}) from None
        changes = created(snapshot(assignment, (*OVERSIGHT_FIELDS, "certificate_name")))
        record(actor, actions.OVERSIGHT_ASSIGNED, assignment, changes=changes)
        _complete_if_ready(actor, duty)
        return assignment

    return _with_file_cleanup(assignment, "certificate", certificate, write)


@transaction.atomic
def oversight_remove(*, actor: Actor, assignment: OversightAssignment) -> None:
    _require_write(actor, assignment)
    duty = assignment.duty
    record(actor, actions.OVERSIGHT_REMOVED, assignment, changes=diff(snapshot(assignment, OVERSIGHT_FIELDS), {}))
    assignment.delete()
    if duty.status == DutyStatus.DONE and duty_missing(duty):
        duty.status = DutyStatus.IN_PROGRESS
        duty.save(update_fields=["status", "updated_at"])
        _history(duty, "status", actor, "in progress: oversight no longer complete")
        record(actor, actions.DUTY_UPDATED, duty, changes={"status": [DutyStatus.DONE, DutyStatus.IN_PROGRESS]})
    _sync_deadline(duty)
    _after_change(duty.ai_system)


# FRIA ------------------------------------------------------------------------------------


def _latest_fria(system: AiSystem) -> Fria | None:
    return Fria.objects.filter(ai_system=system).order_by("-version").first()


def _fria_duty(system: AiSystem) -> Duty | None:
    return Duty.objects.active().filter(ai_system=system, code=FRIA_DUTY).first()


def _sync_fria_duty(actor: Actor, system: AiSystem) -> None:
    """The FRIA duty follows the latest version: approved is done, a draft or review is in progress."""
    duty = _fria_duty(system)
    if duty is None or duty.status == DutyStatus.NOT_APPLICABLE:
        _after_change(system)
        return
    latest = _latest_fria(system)
    status = DutyStatus.OPEN
    if latest is not None:
        status = DutyStatus.DONE if latest.status == FriaStatus.APPROVED else DutyStatus.IN_PROGRESS
    if status != duty.status:
        before = duty.status
        duty.status = status
        if status == DutyStatus.DONE:
            duty.done_on = _today(system.organisation)
        duty.save(update_fields=["status", "done_on", "updated_at"])
        _history(duty, "status", actor, f"{before} → {status} (FRIA)")
        record(actor, actions.DUTY_UPDATED, duty, changes={"status": [before, status]})
    _sync_deadline(duty)
    _after_change(system)


def _next_version(system: AiSystem) -> int:
    return (Fria.objects.filter(ai_system=system).aggregate(top=Max("version"))["top"] or 0) + 1


def _require_fria_required(system: AiSystem) -> None:
    if _fria_duty(system) is None:
        raise ValidationError({"ai_system": "This system's classification does not call for a FRIA (Art 27(1))."})


@transaction.atomic
def fria_start(*, actor: Actor, ai_system: AiSystem, reuse: Fria | None = None) -> Fria:
    """A new FRIA version for the system, blank or copied from an earlier FRIA for a similar case (Art 27(2))."""
    _require_write(actor, ai_system)
    AiSystem.objects.select_for_update().filter(pk=ai_system.pk).first()
    _require_fria_required(ai_system)
    if reuse is not None and (reuse.organisation_id != actor.organisation.pk or reuse.status != FriaStatus.APPROVED):
        raise ValidationError({"reuse": "Reuse an approved FRIA of your organisation."})
    latest = _latest_fria(ai_system)
    if latest is not None and latest.status in (FriaStatus.DRAFT, FriaStatus.IN_REVIEW):
        raise ValidationError(
            {"ai_system": f"Version {latest.version} is still {latest.get_status_display().lower()}."}
        )
    fria = Fria(
        organisation=ai_system.organisation,
        ai_system=ai_system,
        version=_next_version(ai_system),
        classification=_current_classification(ai_system),
        created_by=actor.membership,
        reused_from=reuse,
    )
    if reuse is not None:
        for field in FRIA_FIELDS:
            setattr(fria, field, getattr(reuse, field))
    fria.save()
    changes = created({"version": fria.version, "reused_from": reuse.pk if reuse else None})
    record(actor, actions.FRIA_CREATED, fria, changes=changes)
    _sync_fria_duty(actor, ai_system)
    return fria


def _current_classification(system: AiSystem) -> Classification | None:
    return Classification.objects.filter(ai_system=system).order_by("-pk").first()


def _require_draft(fria: Fria, field: str = "status") -> None:
    if not fria.is_editable:
        raise ValidationError({field: f"This FRIA is {fria.get_status_display().lower()}: it can no longer change."})


@transaction.atomic
def fria_update(
    *, actor: Actor, fria: Fria, data: Mapping[str, Any], reuse_checks: Mapping[str, str] | None = None
) -> Fria:
    """Save elements of a draft (one section at a time or all at once) and, when reused, the difference checks."""
    _require_write(actor, fria)
    fria = Fria.objects.select_for_update().get(pk=fria.pk)
    _require_draft(fria, next(iter(data), "status"))
    values = _accepted(data, FRIA_FIELDS)
    errors = {name: "Must be text." for name, value in values.items() if not isinstance(value, str)}
    errors.update({name: "Keep it under 20,000 characters." for name, v in values.items() if len(str(v)) > MAX_TEXT})
    checks = dict(reuse_checks or {})
    if checks and fria.reused_from_id is None:
        errors["reuse_checks"] = "Only a reused FRIA is checked against its source."
    for name, verdict in checks.items():
        if name not in FRIA_FIELDS or verdict not in REUSE_VERDICTS:
            errors["reuse_checks"] = "Say for each element whether it is the same or changed."
    if errors:
        raise ValidationError(errors)
    before = {**snapshot(fria, FRIA_FIELDS), "reuse_checks": dict(fria.reuse_checks)}
    for name, value in values.items():
        setattr(fria, name, value)
    fria.reuse_checks = {**fria.reuse_checks, **checks}
    changes = diff(before, {**snapshot(fria, FRIA_FIELDS), "reuse_checks": fria.reuse_checks})
    if changes:
        fria.save()
        record(actor, actions.FRIA_UPDATED, fria, changes=changes)
    return fria


@transaction.atomic
def fria_submit(*, actor: Actor, fria: Fria, reviewers: Iterable[Membership] = ()) -> Fria:
    """Send a complete draft for review by the named reviewers."""
    _require_write(actor, fria)
    fria = Fria.objects.select_for_update().get(pk=fria.pk)
    _require_draft(fria)
    reviewers = list(reviewers)
    errors = {}
    missing = fria.missing_elements()
    if missing:
        errors.update(dict.fromkeys(missing, "Fill in this element before review."))
    if fria.unchecked_differences():
        errors["reuse_checks"] = "Check every element against the reused FRIA: the same here, or changed."
    if not reviewers:
        errors["reviewers"] = "Name at least one reviewer."
    for member in reviewers:
        if member.organisation_id != actor.organisation.pk:
            errors["reviewers"] = "Unknown member."
    if errors:
        raise ValidationError(errors)
    fria.reviewers.set(reviewers)
    fria.status, fria.submitted_at = FriaStatus.IN_REVIEW, timezone.now()
    fria.save()
    changes = {"status": [FriaStatus.DRAFT, FriaStatus.IN_REVIEW], "reviewers": sorted(m.pk for m in reviewers)}
    record(actor, actions.FRIA_SUBMITTED, fria, changes=changes)
    return fria


@transaction.atomic
def fria_approve(*, actor: Actor, fria: Fria) -> Fria:
    """Approve a FRIA in review; it replaces the earlier approved version and completes the FRIA duty."""
    _require_write(actor, fria)
    fria = Fria.objects.select_for_update().get(pk=fria.pk)
    if fria.status != FriaStatus.IN_REVIEW:
        raise ValidationError({"status": "Only a FRIA in review can be approved."})
    Fria.objects.filter(ai_system=fria.ai_system, status=FriaStatus.APPROVED).update(status=FriaStatus.SUPERSEDED)
    fria.status, fria.approved_by, fria.approved_at = FriaStatus.APPROVED, actor.membership, timezone.now()
    fria.assessed_purpose = fria.ai_system.intended_purpose
    fria.assessed_context = fria.ai_system.deployment_context
    fria.save()
    record(actor, actions.FRIA_APPROVED, fria, changes={"status": [FriaStatus.IN_REVIEW, FriaStatus.APPROVED]})
    _sync_fria_duty(actor, fria.ai_system)
    return fria


@transaction.atomic
def fria_notify(*, actor: Actor, fria: Fria, authority: str, sent_on: dt.date | None) -> Fria:
    """Record the date the results were sent to the market surveillance authority (Art 27(3))."""
    _require_write(actor, fria)
    fria = Fria.objects.select_for_update().get(pk=fria.pk)
    errors = {}
    if fria.status != FriaStatus.APPROVED:
        errors["sent_on"] = "Notify the authority of an approved FRIA."
    authority = (authority or "").strip()
    if not authority or len(authority) > 200:
        errors["authority"] = "Name the market surveillance authority (up to 200 characters)."
    if not isinstance(sent_on, dt.date) or sent_on.year < 2024 or sent_on > _today(fria.organisation):
        errors["sent_on"] = "Give the date the notification was sent, not in the future."
    elif fria.approved_at and sent_on < timezone.localtime(fria.approved_at).date():
        errors["sent_on"] = "The notification cannot predate the approval."
    if errors:
        raise ValidationError(errors)
    before = snapshot(fria, ("authority", "notified_on"))
    fria.authority, fria.notified_on = authority, sent_on
    fria.save()
    record(actor, actions.FRIA_NOTIFIED, fria, changes=diff(before, snapshot(fria, ("authority", "notified_on"))))
    return fria


def _reopen(actor: Actor, approved: Fria, reason: str) -> Fria:
    """A new draft version from the approved one, to be updated for what changed."""
    fria = Fria(
        organisation=approved.organisation,
        ai_system=approved.ai_system,
        version=_next_version(approved.ai_system),
        classification=_current_classification(approved.ai_system),
        created_by=actor.membership,
        reopen_reason=reason[:300],
        **{field: getattr(approved, field) for field in FRIA_FIELDS},
    )
    fria.save()
    record(actor, actions.FRIA_REOPENED, fria, changes={"version": [approved.version, fria.version], "reason": reason})
    _sync_fria_duty(actor, approved.ai_system)
    return fria


@transaction.atomic
def fria_reopen(*, actor: Actor, ai_system: AiSystem, reason: str) -> Fria:
    """Re-open the approved FRIA after a modification of the system or an incident (Art 27(2))."""
    _require_write(actor, ai_system)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say what changed: a modification, an incident, new information."})
    if len(reason) > 300:
        raise ValidationError({"reason": "Keep the reason under 300 characters."})
    latest = _latest_fria(ai_system)
    if latest is None or latest.status != FriaStatus.APPROVED:
        raise ValidationError({"reason": "Only an approved FRIA is re-opened; a draft or review is already open."})
    return _reopen(actor, latest, reason)


# AI literacy -----------------------------------------------------------------------------

TRAINING_FIELDS = ("member", "title", "taken_on")


@transaction.atomic
def training_create(*, actor: Actor, data: Mapping[str, Any], evidence: UploadedFile | None = None) -> Training:
    """Record an AI literacy training a member took (Art 4)."""
    actor.require(Capability.MANAGE_REGISTRY)
    values = _accepted(data, TRAINING_FIELDS)
    errors = {}
    try:
        values["member"] = _member_of(actor, values.get("member"), "member")
    except ValidationError as error:
        errors.update(error.message_dict)
    if values.get("member") is None and "member" not in errors:
        errors["member"] = ["Choose the member who took the training."]
    title = values.get("title") or ""
    if not title or len(title) > 200:
        errors["title"] = ["Give the training's title (up to 200 characters)."]
    taken_on = values.get("taken_on")
    if not isinstance(taken_on, dt.date) or taken_on.year < 2000 or taken_on > _today(actor.organisation):
        errors["taken_on"] = ["Give the date the training was taken, not in the future."]
    if errors:
        raise ValidationError(errors)
    training = Training(organisation=actor.organisation, **values)

    def write() -> Training:
        training.save()
        record(
            actor,
            actions.TRAINING_CREATED,
            training,
            changes=created(snapshot(training, (*TRAINING_FIELDS, "evidence_name"))),
        )
        _reevaluate_systems_of(training.member)
        return training

    return _with_file_cleanup(training, "evidence", evidence, write)


@transaction.atomic
def training_delete(*, actor: Actor, training: Training) -> None:
    _require_write(actor, training)
    member = training.member
    record(actor, actions.TRAINING_DELETED, training, changes=diff(snapshot(training, TRAINING_FIELDS), {}))
    training.delete()
    _reevaluate_systems_of(member)


def _reevaluate_systems_of(member: Membership) -> None:
    """The literacy flag of every system the member uses depends on their trainings."""
    for system in AiSystem.objects.filter(system_users__member=member, archived_at__isnull=True).select_related(
        "vendor"
    ):
        _after_change(system)


@transaction.atomic
def system_user_add(*, actor: Actor, ai_system: AiSystem, member: Membership) -> SystemUser:
    _require_write(actor, ai_system)
    member = _member_of(actor, member, "member")
    if member is None:
        raise ValidationError({"member": "Choose the member who uses the system."})
    user, was_created = SystemUser.objects.get_or_create(
        ai_system=ai_system, member=member, defaults={"organisation": ai_system.organisation}
    )
    if was_created:
        record(
            actor, actions.SYSTEM_USER_ADDED, user, changes=created({"ai_system": ai_system.pk, "member": member.pk})
        )
        _after_change(ai_system)
    return user


@transaction.atomic
def system_user_remove(*, actor: Actor, user: SystemUser) -> None:
    _require_write(actor, user)
    system = user.ai_system
    record(actor, actions.SYSTEM_USER_REMOVED, user, changes={"member": [user.member_id, None]})
    user.delete()
    _after_change(system)


def evidence_download_record(*, actor: Actor, obj) -> None:
    """Reading evidence is audited like reading a vendor document."""
    actor.require(Capability.READ)
    if obj.organisation_id != actor.organisation.pk:
        raise PermissionDenied("This object belongs to another organisation.")
    record(actor, actions.EVIDENCE_DOWNLOADED, obj)
