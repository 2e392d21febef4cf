"""Received documents: uploads, downloads, recorded facts, verification, rejection and re-verification."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from compliance import catalogue
from compliance.audit_actions import (
    DOCUMENT_DOWNLOADED,
    DOCUMENT_FACTS_RECORDED,
    DOCUMENT_UPLOADED,
    REVERIFICATION_OPENED,
)
from compliance.models import (
    Document,
    DocumentRequest,
    RequestStatus,
    ReverificationEvent,
    ReverificationReason,
)
from compliance.red_flags import add_years
from compliance.services.checklists import verification_blockers
from compliance.services.common import (
    now,
    request_label,
    require_manage,
    require_same_organisation,
    required_text,
)
from compliance.services.red_flags import reevaluate_around
from compliance.services.requests import transition
from compliance.states import DOCUMENT_MACHINE, REQUEST_MACHINE, document_state
from core.access import Actor, Capability
from core.audit import created, diff, record, snapshot
from core.dates import today_in
from core.uploads import check_upload
from deadlines.models import DeadlineKind
from deadlines.services import deadline_sync
from vendors.models import AiSystem

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

# Dates a document can plausibly carry; beyond them date arithmetic (deadlines, calendar feeds) breaks.
FACT_DATE_FIELDS = ("issued_on", "valid_from", "valid_until")

EARLIEST_FACT_DATE = dt.date(1970, 1, 1)

LATEST_FACT_DATE = dt.date(2999, 12, 31)


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


def document_upload(*, actor: Actor, request: DocumentRequest, file: UploadedFile | None) -> Document:
    """Store a received file for the request; the previous version stays, superseded. Nothing is stored on error.

    The vendor's contact uploads through its portal link, which decides which requests it may answer.
    """
    actor.require_any(Capability.MANAGE_REGISTRY, Capability.ANSWER_AS_VENDOR)
    require_same_organisation(actor, request)
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
                received_at=now(),
            )
            document.file.save(checked.stored_name, file, save=False)
            stored_name = document.file.name
            document.save()
            if previous is not None:
                DOCUMENT_MACHINE.check(document_state(previous), "supersede")
                previous.superseded_by = document
                previous.save(update_fields=["superseded_by"])
                _sync_document_deadlines(previous)
            values = snapshot(document, ("version", "original_name", "sha256", "size", "content_type"))
            record(actor, DOCUMENT_UPLOADED, document, changes=created(values), label=request_label(request))
            transition(actor, request, "receive", document_version=document.version)
            reevaluate_around(request.vendor, request.ai_system)
    except Exception:
        if stored_name:
            Document.file.field.storage.delete(stored_name)
        raise
    return document


@transaction.atomic
def document_download_record(*, actor: Actor, document: Document) -> None:
    """A download is access to evidence: who took which file, by its hash, goes in the audit log."""
    actor.require(Capability.READ)
    require_same_organisation(actor, document)
    record(
        actor,
        DOCUMENT_DOWNLOADED,
        document,
        changes={"version": document.version, "sha256": document.sha256},
        label=request_label(document.request),
    )


@transaction.atomic
def document_facts_record(*, actor: Actor, document: Document, data: Mapping[str, Any]) -> Document:
    """Record what the document says (issuer, signatory, dates, notified body, standards...)."""
    require_manage(actor, document)
    DOCUMENT_MACHINE.check(document_state(document), "record_facts")
    unknown = set(data) - set(FACT_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")
    before = snapshot(document, FACT_FIELDS)
    for name, value in data.items():
        setattr(document, name, value.strip() if isinstance(value, str) else value)
    _validate_facts(document)
    document.facts_recorded_at = now()
    document.facts_recorded_by = actor.membership
    document.save()
    changes = diff(before, snapshot(document, FACT_FIELDS))
    label = request_label(document.request)
    record(actor, DOCUMENT_FACTS_RECORDED, document, changes=changes, label=label)
    _sync_document_deadlines(document)
    reevaluate_around(document.request.vendor, document.request.ai_system)
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
def document_verify(*, actor: Actor, document: Document) -> Document:
    """Accept the document as checked; it comes up for review again in 12 months."""
    require_manage(actor, document)
    DOCUMENT_MACHINE.check(document_state(document), "verify")
    request = document.request
    REQUEST_MACHINE.check(request.status, "verify")
    blockers = verification_blockers(document)
    if blockers:
        raise ValidationError({"checklist": blockers})
    document.verified_at = now()
    document.verified_by = actor.membership
    document.next_review_on = add_years(today_in(document.organisation.time_zone), REVIEW_AFTER_YEARS)
    document.save(update_fields=["verified_at", "verified_by", "next_review_on"])
    transition(actor, request, "verify", next_review_on=document.next_review_on.isoformat())
    _sync_document_deadlines(document)
    reevaluate_around(request.vendor, request.ai_system)
    return document


@transaction.atomic
def document_reject(*, actor: Actor, document: Document, note: str) -> Document:
    """The document does not do: the vendor must send a better one."""
    require_manage(actor, document)
    DOCUMENT_MACHINE.check(document_state(document), "reject")
    note = required_text(note, "note", "Say why the document is rejected.")
    request = document.request
    REQUEST_MACHINE.check(request.status, "reject")
    request.rejection_note = note
    document.next_review_on = None
    document.save(update_fields=["next_review_on"])
    transition(actor, request, "reject", note)
    _sync_document_deadlines(document)
    reevaluate_around(request.vendor, request.ai_system)
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
    require_manage(actor, subject)
    if reason not in ReverificationReason.values:
        raise ValidationError({"reason": "Choose a reason for re-verification."})
    event = ReverificationEvent.objects.create(
        organisation=actor.organisation,
        ai_system=ai_system or document.request.ai_system,
        document=document,
        reason=reason,
        note=note.strip(),
        by=actor.membership,
        at=now(),
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
        transition(actor, doc.request, "reopen", event.get_reason_display(), event=event.pk)
        _sync_document_deadlines(doc)
    system = event.ai_system
    if system is not None:
        reevaluate_around(system.vendor, system)
    return event
