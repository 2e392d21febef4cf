"""Every write to document requests, documents, checklists, red flags, risk acceptances and notified bodies.

Each function checks permission, validates, writes and appends an audit event in one
transaction, then re-evaluates the red flags of the subject it touched (automatic
flag changes are audited under the system actor "red_flags").
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from compliance import catalogue, selectors
from compliance.audit_actions import (
    DOCUMENT_CHECKLIST_MARKED,
    DOCUMENT_DOWNLOADED,
    DOCUMENT_FACTS_RECORDED,
    DOCUMENT_UPLOADED,
    RED_FLAG_OPENED,
    RED_FLAG_RESOLVED,
    RED_FLAG_RISK_ACCEPTED,
    REQUEST_RECEIVED,
    REQUEST_REFUSED,
    REQUEST_REJECTED,
    REQUEST_REOPENED,
    REQUEST_REQUESTED,
    REQUEST_VERIFIED,
    REQUEST_WAIVED,
    REQUEST_WITHDRAWN,
    REVERIFICATION_OPENED,
)
from compliance.models import (
    HELD_STATUSES,
    REQUESTABLE_STATUSES,
    ChecklistOutcome,
    ChecklistResult,
    Document,
    DocumentRequest,
    FlagState,
    NotifiedBody,
    RedFlag,
    RequestStatus,
    RequestTransition,
    ReverificationEvent,
    ReverificationReason,
    RiskAcceptance,
    subject_key_of,
)
from compliance.red_flags import Facts, add_years, firing_rules, load_extra
from compliance.uploads import check_upload
from core.access import Actor, Capability
from core.audit import created, diff, record, snapshot
from core.calendar import add_business_days
from core.dates import today_in
from deadlines.models import DeadlineKind
from deadlines.services import deadline_sync
from vendors.models import AiSystem, GpaiModel, Vendor

REQUEST_DUE_BUSINESS_DAYS = 10
REVIEW_AFTER_YEARS = 1
FACT_FIELDS = (
    "issuer",
    "signatory_name",
    "signatory_function",
    "issued_on",
    "place_of_issue",
    "reference_numbers",
    "notified_body_number",
    "assessment_procedure",
    "valid_from",
    "valid_until",
    "standards_applied",
    "standards_coverage",
    "compliance_claim",
    "gdpr_statement",
    "ce_marking",
    "registration_id",
)
RED_FLAGS_TASK = "red_flags"
# Dates a document can plausibly carry; beyond them date arithmetic (deadlines, calendar feeds) breaks.
FACT_DATE_FIELDS = ("issued_on", "valid_from", "valid_until")
EARLIEST_FACT_DATE = dt.date(1970, 1, 1)
LATEST_FACT_DATE = dt.date(2999, 12, 31)


# Shared steps --------------------------------------------------------------------------


def _require_manage(actor: Actor, obj) -> None:
    actor.require(Capability.MANAGE_REGISTRY)
    _require_same_organisation(actor, obj)


def _require_same_organisation(actor: Actor, obj) -> None:
    if obj.organisation_id != actor.organisation.pk:
        raise PermissionDenied("This object belongs to another organisation.")


def _now():
    return timezone.now()


def _transition(actor: Actor, request: DocumentRequest, to_status: str, action: str, note: str = "", **extra) -> None:
    """Move a request to a status: keep the step in its history and the audit log."""
    from_status = request.status if request.pk else ""
    request.status = to_status
    request.save()
    RequestTransition.objects.create(
        request=request,
        from_status=from_status,
        to_status=to_status,
        note=note,
        by=actor.membership,
        by_label=actor.label,
    )
    changes = {"status": [from_status or None, to_status], **extra}
    if note:
        changes["note"] = note
    record(actor, action, request, changes=changes, label=_request_label(request))
    _sync_request_deadline(request)


def _request_label(request: DocumentRequest) -> str:
    return f"{catalogue.label(request.document_type)} – {request.subject}"


def _sync_request_deadline(request: DocumentRequest) -> None:
    due = request.due_date if request.status == RequestStatus.REQUESTED else None
    deadline_sync(
        organisation=request.organisation,
        kind=DeadlineKind.DOCUMENT_REQUEST,
        source=request,
        due_date=due,
        title=f"{catalogue.label(request.document_type)} due from {request.vendor}",
        ai_system=request.ai_system,
        vendor=request.vendor,
        owner=request.requested_by,
        link=request.get_absolute_url(),
    )


def _sync_document_deadlines(document: Document) -> None:
    """A current document's review and expiry dates become deadlines; a superseded one has none."""
    request = document.request
    current = document.is_current
    common = {
        "organisation": document.organisation,
        "source": document,
        "ai_system": request.ai_system,
        "vendor": request.vendor,
        "owner": request.requested_by,
        "link": request.get_absolute_url(),
    }
    label = catalogue.label(request.document_type)
    verified = current and request.status == RequestStatus.VERIFIED
    deadline_sync(
        kind=DeadlineKind.DOCUMENT_REVIEW,
        due_date=document.next_review_on if verified else None,
        title=f"Re-verify {label} of {request.subject}",
        **common,
    )
    deadline_sync(
        kind=DeadlineKind.CERTIFICATE_EXPIRY,
        due_date=document.valid_until if current else None,
        title=f"{label} of {request.subject} expires",
        **common,
    )


def _subject_of(system: AiSystem, code: str) -> dict:
    """Vendor-level documents are owed by the vendor once, whichever of its systems needs them."""
    return (
        {"ai_system": None, "vendor": system.vendor}
        if catalogue.is_vendor_level(code)
        else {
            "ai_system": system,
            "vendor": system.vendor,
        }
    )


def _get_or_new_request(actor: Actor, *, ai_system: AiSystem | None, vendor: Vendor, code: str) -> DocumentRequest:
    key = subject_key_of(ai_system=ai_system, vendor=vendor)
    existing = DocumentRequest.objects.select_for_update().filter(
        organisation=actor.organisation, subject_key=key, document_type=code
    )
    return existing.first() or DocumentRequest(
        organisation=actor.organisation, ai_system=ai_system, vendor=vendor, subject_key=key, document_type=code
    )


def _require_active_system(ai_system: AiSystem | None) -> None:
    if ai_system is not None and ai_system.is_archived:
        raise ValidationError({"ai_system": "This AI system is archived: no documents are requested or waived for it."})


def _check_document_type(code: str) -> None:
    if catalogue.document_type(code) is None:
        raise ValidationError({"document_type": f"Unknown document type “{code}”."})


# Requests ------------------------------------------------------------------------------


def _asked_on(organisation, requested_on: dt.date | None) -> dt.date:
    """The day the vendor was asked: today, or an earlier day when the e-mail went out before it was recorded."""
    today = today_in(organisation.time_zone)
    if requested_on is None:
        return today
    if requested_on > today:
        raise ValidationError({"requested_on": "The vendor cannot have been asked on a day still to come."})
    return requested_on


def _ask(actor: Actor, request: DocumentRequest, asked_on: dt.date) -> None:
    organisation = actor.organisation
    recorded_later = asked_on < today_in(organisation.time_zone)
    due = request_due_date(organisation, asked_on)
    request.requested_by = actor.membership
    # The hour of an earlier e-mail is unknown; noon keeps its date in the organisation's time zone and its neighbours.
    zone = zoneinfo.ZoneInfo(organisation.time_zone)
    request.requested_at = dt.datetime.combine(asked_on, dt.time(12), tzinfo=zone) if recorded_later else _now()
    request.due_date = due
    note = f"Asked the vendor on {asked_on.isoformat()}, recorded later." if recorded_later else ""
    _transition(
        actor,
        request,
        RequestStatus.REQUESTED,
        REQUEST_REQUESTED,
        note,
        due_date=due.isoformat(),
        requested_on=asked_on.isoformat(),
    )


def request_due_date(organisation, requested_on: dt.date | None = None) -> dt.date:
    """Ten business days after the request (default today), skipping weekends and the organisation's holidays."""
    start = requested_on or today_in(organisation.time_zone)
    return add_business_days(start, REQUEST_DUE_BUSINESS_DAYS, organisation.country)


@transaction.atomic
def document_requests_create_missing(
    *, actor: Actor, ai_system: AiSystem, requested_on: dt.date | None = None
) -> list[DocumentRequest]:
    """Ask the vendor, in one go, for every required document we neither hold nor have asked for."""
    _require_manage(actor, ai_system)
    _require_active_system(ai_system)
    asked_on = _asked_on(actor.organisation, requested_on)
    asked = []
    for code in selectors.missing_codes(selectors.document_rows(ai_system)):
        request = _get_or_new_request(actor, code=code, **_subject_of(ai_system, code))
        if request.pk is None or request.status in REQUESTABLE_STATUSES:
            _ask(actor, request, asked_on)
            asked.append(request)
    _reevaluate_around(ai_system.vendor, ai_system)
    return asked


@transaction.atomic
def document_request_create(
    *,
    actor: Actor,
    document_type: str,
    ai_system: AiSystem | None = None,
    vendor: Vendor | None = None,
    requested_on: dt.date | None = None,
) -> DocumentRequest:
    """Ask for one document (again): about a system, or about a vendor for a vendor-level document."""
    if ai_system is None and vendor is None:
        raise ValidationError({"ai_system": "Name the AI system (or the vendor) the document is about."})
    subject = ai_system or vendor
    _require_manage(actor, subject)
    _require_active_system(ai_system)
    _check_document_type(document_type)
    asked_on = _asked_on(actor.organisation, requested_on)
    subject_fields = _subject_of(ai_system, document_type) if ai_system else {"ai_system": None, "vendor": vendor}
    request = _get_or_new_request(actor, code=document_type, **subject_fields)
    if request.pk is not None and request.status in (*HELD_STATUSES, RequestStatus.REQUESTED):
        raise ValidationError({"document_type": f"This document is already {request.get_status_display().lower()}."})
    _ask(actor, request, asked_on)
    _reevaluate_around(request.vendor, request.ai_system)
    return request


def _required_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


@transaction.atomic
def document_request_refuse(*, actor: Actor, request: DocumentRequest, note: str) -> DocumentRequest:
    """The vendor said it will not provide the document."""
    _require_manage(actor, request)
    note = _required_text(note, "note", "Say what the vendor answered.")
    if request.status != RequestStatus.REQUESTED:
        raise ValidationError({"note": "Only a document we asked for and have not received can be refused."})
    request.refusal_note = note
    _transition(actor, request, RequestStatus.REFUSED, REQUEST_REFUSED, note)
    _reevaluate_around(request.vendor, request.ai_system)
    return request


@transaction.atomic
def document_request_waive(
    *,
    actor: Actor,
    reason: str,
    request: DocumentRequest | None = None,
    ai_system: AiSystem | None = None,
    document_type: str = "",
) -> DocumentRequest:
    """Decide we do not need a document, with the reason; works before or after it was requested."""
    if request is None:
        _require_manage(actor, ai_system)
        _require_active_system(ai_system)
        _check_document_type(document_type)
        request = _get_or_new_request(actor, code=document_type, **_subject_of(ai_system, document_type))
    _require_manage(actor, request)
    reason = _required_text(reason, "reason", "Give the reason for waiving this document.")
    if request.status in (RequestStatus.VERIFIED, RequestStatus.WAIVED):
        raise ValidationError({"reason": f"This document is already {request.get_status_display().lower()}."})
    request.waived_reason = reason
    request.waived_by = actor.membership
    _transition(actor, request, RequestStatus.WAIVED, REQUEST_WAIVED, reason)
    _reevaluate_around(request.vendor, request.ai_system)
    return request


# Documents -----------------------------------------------------------------------------


def document_upload(*, actor: Actor, request: DocumentRequest, file: UploadedFile | None) -> Document:
    """Store a received file for the request; the previous version stays, superseded. Nothing is stored on error."""
    _require_manage(actor, request)
    checked = check_upload(file)
    stored_name = ""
    try:
        with transaction.atomic():
            request = DocumentRequest.objects.select_for_update().get(pk=request.pk)
            previous = request.documents.filter(superseded_by__isnull=True).first()
            document = Document(
                organisation=request.organisation,
                request=request,
                version=(previous.version + 1) if previous else 1,
                sha256=checked.sha256,
                size=checked.size,
                content_type=checked.content_type,
                original_name=checked.original_name,
                uploaded_by=actor.membership,
                received_at=_now(),
            )
            document.file.save(checked.stored_name, file, save=False)
            stored_name = document.file.name
            document.save()
            if previous is not None:
                previous.superseded_by = document
                previous.save(update_fields=["superseded_by"])
                _sync_document_deadlines(previous)
            values = snapshot(document, ("version", "original_name", "sha256", "size", "content_type"))
            record(actor, DOCUMENT_UPLOADED, document, changes=created(values), label=_request_label(request))
            _transition(actor, request, RequestStatus.RECEIVED, REQUEST_RECEIVED, document_version=document.version)
            _reevaluate_around(request.vendor, request.ai_system)
    except Exception:
        if stored_name:
            Document.file.field.storage.delete(stored_name)
        raise
    return document


@transaction.atomic
def document_download_record(*, actor: Actor, document: Document) -> None:
    """A download is access to evidence: who took which file, by its hash, goes in the audit log."""
    actor.require(Capability.READ)
    _require_same_organisation(actor, document)
    record(
        actor,
        DOCUMENT_DOWNLOADED,
        document,
        changes={"version": document.version, "sha256": document.sha256},
        label=_request_label(document.request),
    )


def _require_current(document: Document, field: str = "document") -> None:
    if not document.is_current:
        raise ValidationError({field: "This version has been superseded: work on the newest one."})


@transaction.atomic
def document_facts_record(*, actor: Actor, document: Document, data: Mapping[str, Any]) -> Document:
    """Record what the document says (issuer, signatory, dates, notified body, standards...)."""
    _require_manage(actor, document)
    _require_current(document)
    unknown = set(data) - set(FACT_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")
    before = snapshot(document, FACT_FIELDS)
    for name, value in data.items():
        setattr(document, name, value.strip() if isinstance(value, str) else value)
    _validate_facts(document)
    document.facts_recorded_at = _now()
    document.facts_recorded_by = actor.membership
    document.save()
    changes = diff(before, snapshot(document, FACT_FIELDS))
    label = _request_label(document.request)
    record(actor, DOCUMENT_FACTS_RECORDED, document, changes=changes, label=label)
    _sync_document_deadlines(document)
    _reevaluate_around(document.request.vendor, document.request.ai_system)
    return document


def _validate_facts(document: Document) -> None:
    errors = {}
    for field in FACT_DATE_FIELDS:
        value = getattr(document, field)
        if isinstance(value, dt.date) and not EARLIEST_FACT_DATE <= value <= LATEST_FACT_DATE:
            errors[field] = "Enter a date between 1970 and 2999: check the year."
    if document.valid_from and document.valid_until and document.valid_until < document.valid_from:
        errors["valid_until"] = "The end of validity is before its start."
    try:
        document.full_clean(exclude=["file", "request", "organisation", "superseded_by"], validate_unique=False)
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def checklist_mark(*, actor: Actor, document: Document, results: Iterable[Mapping[str, str]]) -> list[ChecklistResult]:
    """Mark checklist items pass / fail / not applicable, each with a note (a failure needs one)."""
    _require_manage(actor, document)
    _require_current(document)
    items = {item.id: item for item in catalogue.checklist(document.request.document_type)}
    rows = list(results)
    errors = {}
    for row in rows:
        item_id, outcome, note = row.get("item_id", ""), row.get("outcome", ""), (row.get("note") or "").strip()
        if item_id not in items:
            errors[item_id or "item_id"] = "Unknown checklist item."
        elif outcome not in ChecklistOutcome.values:
            errors[item_id] = "Choose pass, fail or not applicable."
        elif outcome == ChecklistOutcome.FAIL and not note:
            errors[item_id] = "Say what is wrong."
    if errors:
        raise ValidationError(errors)
    now = _now()
    saved = []
    changes = {}
    for row in rows:
        values = {"outcome": row["outcome"], "note": (row.get("note") or "").strip(), "by": actor.membership, "at": now}
        existing = ChecklistResult.objects.filter(document=document, item_id=row["item_id"]).first()
        if existing and (existing.outcome, existing.note) == (values["outcome"], values["note"]):
            saved.append(existing)
            continue
        result, _ = ChecklistResult.objects.update_or_create(document=document, item_id=row["item_id"], defaults=values)
        changes[row["item_id"]] = [existing.outcome if existing else None, result.outcome]
        saved.append(result)
    if changes:
        label = _request_label(document.request)
        record(actor, DOCUMENT_CHECKLIST_MARKED, document, changes=changes, label=label)
    return saved


def verification_blockers(document: Document) -> list[str]:
    """Why the document cannot be verified yet (empty when it can)."""
    outcomes = dict(document.checklist_results.values_list("item_id", "outcome"))
    blockers = [] if document.has_facts else ["Record the document's facts first."]
    for item in catalogue.checklist(document.request.document_type):
        outcome = outcomes.get(item.id)
        if item.mandatory and outcome not in (ChecklistOutcome.PASS, ChecklistOutcome.NOT_APPLICABLE):
            state = "failed" if outcome == ChecklistOutcome.FAIL else "not marked"
            blockers.append(f"“{item.text}” is {state}.")
    return blockers


@transaction.atomic
def document_verify(*, actor: Actor, document: Document) -> Document:
    """Accept the document as checked; it comes up for review again in 12 months."""
    _require_manage(actor, document)
    _require_current(document)
    request = document.request
    if request.status != RequestStatus.RECEIVED:
        raise ValidationError({"document": "Only a received document awaiting verification can be verified."})
    blockers = verification_blockers(document)
    if blockers:
        raise ValidationError({"checklist": blockers})
    document.verified_at = _now()
    document.verified_by = actor.membership
    document.next_review_on = add_years(today_in(document.organisation.time_zone), REVIEW_AFTER_YEARS)
    document.save(update_fields=["verified_at", "verified_by", "next_review_on"])
    _transition(
        actor, request, RequestStatus.VERIFIED, REQUEST_VERIFIED, next_review_on=document.next_review_on.isoformat()
    )
    _sync_document_deadlines(document)
    _reevaluate_around(request.vendor, request.ai_system)
    return document


@transaction.atomic
def document_reject(*, actor: Actor, document: Document, note: str) -> Document:
    """The document does not do: the vendor must send a better one."""
    _require_manage(actor, document)
    _require_current(document)
    note = _required_text(note, "note", "Say why the document is rejected.")
    request = document.request
    if request.status not in HELD_STATUSES:
        raise ValidationError({"note": "Only a received document can be rejected."})
    request.rejection_note = note
    document.next_review_on = None
    document.save(update_fields=["next_review_on"])
    _transition(actor, request, RequestStatus.REJECTED, REQUEST_REJECTED, note)
    _sync_document_deadlines(document)
    _reevaluate_around(request.vendor, request.ai_system)
    return document


@transaction.atomic
def reverification_open(
    *,
    actor: Actor,
    reason: str,
    note: str = "",
    ai_system: AiSystem | None = None,
    document: Document | None = None,
) -> ReverificationEvent:
    """Something happened that puts verified documents in doubt: reopen their verification."""
    subject = document or ai_system
    if subject is None:
        raise ValidationError({"reason": "Name the document or AI system to re-verify."})
    _require_manage(actor, subject)
    if reason not in ReverificationReason.values:
        raise ValidationError({"reason": "Choose a reason for re-verification."})
    event = ReverificationEvent.objects.create(
        organisation=actor.organisation,
        ai_system=ai_system or document.request.ai_system,
        document=document,
        reason=reason,
        note=note.strip(),
        by=actor.membership,
        at=_now(),
    )
    record(actor, REVERIFICATION_OPENED, event, changes=created({"reason": reason, "note": note}))
    verified = (
        (
            Document.objects.filter(pk=document.pk)
            if document
            else Document.objects.filter(request__ai_system=ai_system, superseded_by__isnull=True)
        )
        .filter(request__status=RequestStatus.VERIFIED)
        .select_related("request")
    )
    for doc in verified:
        doc.next_review_on = None
        doc.save(update_fields=["next_review_on"])
        _transition(
            actor, doc.request, RequestStatus.RECEIVED, REQUEST_REOPENED, event.get_reason_display(), event=event.pk
        )
        _sync_document_deadlines(doc)
    system = event.ai_system
    if system is not None:
        _reevaluate_around(system.vendor, system)
    return event


# Red flags -----------------------------------------------------------------------------


def _sync_flags(facts: Facts, subject: dict) -> None:
    """Open a flag for each rule that fires and has none; resolve live flags whose rule no longer fires."""
    organisation = (facts.system or facts.vendor).organisation  # a system's is read with it, not via its vendor
    actor = Actor.system(organisation, RED_FLAGS_TASK)
    firing = {rule.code: rule for rule in firing_rules(facts)}
    live = {flag.code: flag for flag in selectors.live_flags(organisation, **subject).select_for_update()}
    now = _now()
    for code, flag in live.items():
        if code not in firing:
            before = flag.state
            flag.state, flag.resolved_at = FlagState.RESOLVED, now
            flag.save(update_fields=["state", "resolved_at"])
            record(actor, RED_FLAG_RESOLVED, flag, changes={"state": [before, FlagState.RESOLVED]})
    for code, rule in firing.items():
        if code in live:
            continue
        flag = RedFlag.objects.create(
            organisation=organisation,
            subject_key=subject_key_of(**subject),
            code=code,
            severity=rule.severity,
            citation=rule.citation,
            message=rule.message,
            action=rule.action,
            opened_at=now,
            **subject,
        )
        opened = created(snapshot(flag, ("code", "severity", "state")))
        record(actor, RED_FLAG_OPENED, flag, changes=opened)


def red_flags_reevaluate_system(
    system: AiSystem,
    classification=None,
    *,
    requests: dict | None = None,
    vendor_requests: dict | None = None,
    extra: dict | None = None,
) -> None:
    """Open and resolve the system's flags (the optional reads are for callers evaluating many at once)."""
    with transaction.atomic():
        facts = selectors.system_facts(
            system, classification, requests=requests, vendor_requests=vendor_requests, extra=extra
        )
        _sync_flags(facts, {"ai_system": system, "vendor": system.vendor})


def red_flags_reevaluate_vendor(vendor: Vendor, *, requests: dict | None = None, extra: dict | None = None) -> None:
    """Open and resolve the vendor's own flags (vendor-level documents)."""
    with transaction.atomic():
        facts = selectors.vendor_facts(vendor, requests=requests, extra=extra)
        _sync_flags(facts, {"ai_system": None, "vendor": vendor})


def _reevaluate_systems(organisation, systems: Iterable[AiSystem], vendors: Iterable[Vendor] = ()) -> int:
    """Re-evaluate vendors and systems, reading all their document requests in one go; returns how many."""
    vendors, systems = list(vendors), list(systems)
    keys = {subject_key_of(vendor=v) for v in vendors}
    for system in systems:
        keys |= {subject_key_of(ai_system=system), subject_key_of(vendor=system.vendor)}
    requests = selectors.requests_by_subject(organisation, keys)
    extra = load_extra(organisation, systems, vendors)
    for vendor in vendors:
        key = subject_key_of(vendor=vendor)
        red_flags_reevaluate_vendor(vendor, requests=requests[key], extra=extra[key])
    for system in systems:
        key = subject_key_of(ai_system=system)
        red_flags_reevaluate_system(
            system,
            requests=requests[key],
            vendor_requests=requests[subject_key_of(vendor=system.vendor)],
            extra=extra[key],
        )
    return len(vendors) + len(systems)


def _active_systems(**lookup):
    return AiSystem.objects.filter(archived_at__isnull=True, **lookup).select_related(
        "vendor", "gpai_model", "organisation"
    )


def _reevaluate_around(vendor: Vendor, system: AiSystem | None) -> None:
    """After a change: the system's flags, or for a vendor-level change the vendor's and all its systems'."""
    if system is not None:
        red_flags_reevaluate_system(system)
        return
    _reevaluate_systems(vendor.organisation, _active_systems(vendor=vendor), vendors=[vendor])


def red_flags_reevaluate_organisation(organisation) -> int:
    """Re-evaluate every vendor and active system (dates move: certificates expire, requests fall overdue)."""
    count = 0
    # Vendor by vendor: each read covers one vendor's requests and its systems', however large the organisation.
    for vendor in Vendor.objects.filter(organisation=organisation).select_related("organisation"):
        count += _reevaluate_systems(organisation, _active_systems(vendor=vendor), vendors=[vendor])
    return count


@transaction.atomic
def risk_accept(*, actor: Actor, flag: RedFlag, justification: str) -> RiskAcceptance:
    """Legal or the owner accepts an open flag's risk, in writing; the flag stays on record as accepted."""
    actor.require(Capability.ACCEPT_RISK)
    _require_same_organisation(actor, flag)
    justification = _required_text(justification, "justification", "Explain why the risk is acceptable.")
    flag = RedFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.state != FlagState.OPEN:
        raise ValidationError({"justification": f"Only an open flag can be accepted; this one is {flag.state}."})
    acceptance = RiskAcceptance.objects.create(
        flag=flag, accepted_by=actor.membership, justification=justification, at=_now()
    )
    flag.state = FlagState.ACCEPTED
    flag.save(update_fields=["state"])
    record(
        actor,
        RED_FLAG_RISK_ACCEPTED,
        flag,
        changes={"state": [FlagState.OPEN, FlagState.ACCEPTED], "justification": justification},
    )
    return acceptance


# Reclassification ----------------------------------------------------------------------


def on_classification_saved(classification, actor: Actor) -> None:
    """The required set follows the new classification: open requests no longer needed are withdrawn."""
    system = classification.ai_system
    required = {r.code for r in catalogue.required_documents(system, classification)}
    outstanding = DocumentRequest.objects.filter(
        organisation=system.organisation, ai_system=system, status=RequestStatus.REQUESTED
    ).exclude(document_type__in=required)
    for request in outstanding:
        _transition(
            actor, request, RequestStatus.WITHDRAWN, REQUEST_WITHDRAWN, "No longer required after reclassification."
        )
    red_flags_reevaluate_system(system, classification)


def on_registry_changed(changed, actor: Actor) -> None:
    """A vendor, GPAI model or AI system changed: the red flags that read its facts follow at once."""
    if isinstance(changed, Vendor):
        _reevaluate_around(changed, None)
    elif isinstance(changed, AiSystem) and not changed.is_archived:
        red_flags_reevaluate_system(changed)
    elif isinstance(changed, GpaiModel):
        _reevaluate_systems(changed.organisation, _active_systems(gpai_model=changed))


# Notified bodies -----------------------------------------------------------------------

NOTIFIED_BODY_FIELDS = ("name", "country", "ai_act", "status")


@transaction.atomic
def notified_bodies_upsert(rows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Insert or update notified bodies by number; returns how many were added, updated and unchanged.

    The registry is public reference data shared by every organisation, maintained by the
    operator (import command, admin), so it has no organisation's audit chain to go in.
    """
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    existing = {body.number: body for body in NotifiedBody.objects.select_for_update()}
    for row in rows:
        body = existing.get(row["number"])
        if body is None:
            existing[row["number"]] = NotifiedBody.objects.create(
                number=row["number"], **{name: row[name] for name in NOTIFIED_BODY_FIELDS}
            )
            counts["added"] += 1
            continue
        changed = [name for name in NOTIFIED_BODY_FIELDS if getattr(body, name) != row[name]]
        if not changed:
            counts["unchanged"] += 1
            continue
        for name in changed:
            setattr(body, name, row[name])
        body.save(update_fields=[*changed, "updated_at"])
        counts["updated"] += 1
    return counts
