"""Document requests: asking the vendor, refusals, waivers, withdrawals, and every status move."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import transaction

from compliance import catalogue, selectors
from compliance.models import (
    REQUESTABLE_STATUSES,
    DocumentRequest,
    RequestStatus,
    RequestTransition,
    subject_key_of,
)
from compliance.services.common import now, request_label, require_manage, required_text
from compliance.services.red_flags import red_flags_reevaluate_system, reevaluate_around
from compliance.states import REQUEST_MACHINE, REQUEST_MOVE_ACTIONS, request_state
from core.access import Actor
from core.audit import record
from core.calendar import add_business_days
from core.dates import today_in
from deadlines.models import DeadlineKind
from deadlines.services import deadline_sync
from vendors.models import AiSystem, Vendor

REQUEST_DUE_BUSINESS_DAYS = 10


def transition(actor: Actor, request: DocumentRequest, move: str, note: str = "", **extra) -> None:
    """Make one move of the request's state machine: checked, kept in its history and in the audit log."""
    from_status = request_state(request)
    to_status = REQUEST_MACHINE.check(from_status, move).target
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
    record(actor, REQUEST_MOVE_ACTIONS[move], request, changes=changes, label=request_label(request))
    _sync_request_deadline(request)


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
    request.requested_at = dt.datetime.combine(asked_on, dt.time(12), tzinfo=zone) if recorded_later else now()
    request.due_date = due
    note = f"Asked the vendor on {asked_on.isoformat()}, recorded later." if recorded_later else ""
    transition(
        actor,
        request,
        "request",
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
    require_manage(actor, ai_system)
    _require_active_system(ai_system)
    asked_on = _asked_on(actor.organisation, requested_on)
    asked = []
    for code in selectors.missing_codes(selectors.document_rows(ai_system)):
        request = _get_or_new_request(actor, code=code, **_subject_of(ai_system, code))
        if request.pk is None or request.status in REQUESTABLE_STATUSES:
            _ask(actor, request, asked_on)
            asked.append(request)
    reevaluate_around(ai_system.vendor, ai_system)
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
    require_manage(actor, subject)
    _require_active_system(ai_system)
    _check_document_type(document_type)
    asked_on = _asked_on(actor.organisation, requested_on)
    subject_fields = _subject_of(ai_system, document_type) if ai_system else {"ai_system": None, "vendor": vendor}
    request = _get_or_new_request(actor, code=document_type, **subject_fields)
    REQUEST_MACHINE.check(request_state(request), "request")
    _ask(actor, request, asked_on)
    reevaluate_around(request.vendor, request.ai_system)
    return request


@transaction.atomic
def document_request_refuse(*, actor: Actor, request: DocumentRequest, note: str) -> DocumentRequest:
    """The vendor said it will not provide the document."""
    require_manage(actor, request)
    note = required_text(note, "note", "Say what the vendor answered.")
    REQUEST_MACHINE.check(request_state(request), "refuse")
    request.refusal_note = note
    transition(actor, request, "refuse", note)
    reevaluate_around(request.vendor, request.ai_system)
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
        require_manage(actor, ai_system)
        _require_active_system(ai_system)
        _check_document_type(document_type)
        request = _get_or_new_request(actor, code=document_type, **_subject_of(ai_system, document_type))
    require_manage(actor, request)
    reason = required_text(reason, "reason", "Give the reason for waiving this document.")
    REQUEST_MACHINE.check(request_state(request), "waive")
    request.waived_reason = reason
    request.waived_by = actor.membership
    transition(actor, request, "waive", reason)
    reevaluate_around(request.vendor, request.ai_system)
    return request


def on_classification_saved(classification, actor: Actor) -> None:
    """The required set follows the new classification: open requests no longer needed are withdrawn."""
    system = classification.ai_system
    required = {r.code for r in catalogue.required_documents(system, classification)}
    outstanding = DocumentRequest.objects.filter(
        organisation=system.organisation, ai_system=system, status=RequestStatus.REQUESTED
    ).exclude(document_type__in=required)
    for request in outstanding:
        transition(actor, request, "withdraw", "No longer required after reclassification.")
    red_flags_reevaluate_system(system, classification)
