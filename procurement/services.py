"""Every write of procurement: opening a request, accepting a gate item's risk, deciding, vendor answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.access import Actor, Capability
from core.audit import created, diff, record
from core.countries import COUNTRY_CODES
from core.dates import today_in
from core.models import Membership, Role
from deadlines.models import DeadlineKind
from deadlines.services import deadline_sync
from procurement import audit_actions, gates, questionnaire
from procurement.models import Condition, Decision, GateAcceptance, ProcurementRequest, VendorAnswers
from vendors.models import AiSystem, Vendor

REQUEST_FIELDS = (
    "business_need",
    "personal_data",
    "special_categories",
    "data_description",
    "intended_users",
    "countries",
    "expected_start",
    "workplace_use",
    "public_use",
)
ACCEPTANCE_REVIEW_KIND = DeadlineKind.RISK_ACCEPTANCE_REVIEW
CONDITION_KIND = DeadlineKind.PROCUREMENT_CONDITION
# Who may be the second person on a critical acceptance.
CONFIRMING_ROLES = (Role.OWNER, Role.APPROVER, Role.LEGAL)
LATEST_DATE = dt.date(2999, 12, 31)
MAX_CONDITIONS = 50


def _require_same_organisation(actor: Actor, obj) -> None:
    if obj.organisation_id != actor.organisation.pk:
        raise PermissionDenied("This object belongs to another organisation.")


def _required_text(value, field: str, message: str) -> str:
    value = (value or "").strip() if isinstance(value, str) else ""
    if not value:
        raise ValidationError({field: message})
    return value


def _clean_countries(countries) -> list[str]:
    if not isinstance(countries, (list, tuple)):
        raise ValidationError({"countries": "Give a list of two-letter country codes."})
    codes = [str(code).strip().upper() for code in countries]
    unknown = [code for code in codes if code not in COUNTRY_CODES]
    if unknown:
        raise ValidationError({"countries": f"Unknown country code(s): {', '.join(unknown)}."})
    return sorted(set(codes))


def _clean_future_date(value, field: str, today: dt.date, *, required: bool) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise ValidationError({field: "Give a date."})
        return None
    if not isinstance(value, dt.date):
        raise ValidationError({field: "Expected a date (YYYY-MM-DD)."})
    if not today <= value <= LATEST_DATE:
        raise ValidationError({field: "Give a date from today to 2999."})
    return value


# Requests ------------------------------------------------------------------------------


@transaction.atomic
def procurement_request_create(*, actor: Actor, ai_system: AiSystem, data: Mapping[str, Any]) -> ProcurementRequest:
    """A requester (or anyone who manages the registry) opens a request for a system of the register."""
    actor.require_any(Capability.CREATE_OWN_REGISTRY, Capability.MANAGE_REGISTRY)
    _require_same_organisation(actor, ai_system)
    if ai_system.is_archived:
        raise ValidationError({"ai_system": "This AI system is archived: restore it before requesting it."})
    errors = {}
    values = {}
    try:
        values["business_need"] = _required_text(data.get("business_need"), "business_need", "Say what it is for.")
        values["intended_users"] = _required_text(
            data.get("intended_users"), "intended_users", "Say who will use it, and on whom."
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    for name in ("personal_data", "special_categories", "workplace_use", "public_use"):
        values[name] = bool(data.get(name, False))
    values["data_description"] = (data.get("data_description") or "").strip()
    try:
        values["countries"] = _clean_countries(data.get("countries") or [])
    except ValidationError as error:
        errors.update(error.message_dict)
    expected = data.get("expected_start")
    if expected is not None and not isinstance(expected, dt.date):
        errors["expected_start"] = ["Expected a date (YYYY-MM-DD)."]
    elif expected is not None and not dt.date(1970, 1, 1) <= expected <= LATEST_DATE:
        errors["expected_start"] = ["Give a date between 1970 and 2999."]
    values["expected_start"] = expected
    if values["special_categories"] and not values["personal_data"]:
        errors["special_categories"] = ["Special categories are personal data: tick personal data too."]
    if errors:
        raise ValidationError(errors)
    request = ProcurementRequest.objects.create(
        organisation=actor.organisation, ai_system=ai_system, requested_by=actor.membership, **values
    )
    record(
        actor,
        audit_actions.REQUEST_CREATED,
        request,
        changes=created({"ai_system": ai_system.pk, **{k: values[k] for k in REQUEST_FIELDS}}),
    )
    return request


def _locked(request: ProcurementRequest) -> ProcurementRequest:
    return (
        ProcurementRequest.objects.select_for_update(of=("self",))
        .select_related("ai_system__vendor", "organisation")
        .get(pk=request.pk)
    )


# Risk acceptance -----------------------------------------------------------------------


@transaction.atomic
def gate_acceptance_record(
    *, actor: Actor, request: ProcurementRequest, code: str, justification: str, review_on: dt.date | None
) -> GateAcceptance:
    """Legal or the owner accepts one open gate item until a review date (which becomes a deadline)."""
    actor.require(Capability.ACCEPT_RISK)
    _require_same_organisation(actor, request)
    request = _locked(request)
    if request.is_decided:
        raise ValidationError({"code": "This request is already decided."})
    justification = _required_text(justification, "justification", "Explain why the risk is acceptable.")
    today = today_in(request.organisation.time_zone)
    review_on = _clean_future_date(review_on, "review_on", today, required=True)
    item = next((i for i in gates.evaluate(request).items if i.code == code), None)
    if item is None:
        raise ValidationError({"code": "Nothing with this code blocks the request."})
    if not item.acceptable:
        raise ValidationError({"code": "A prohibited practice cannot be accepted: the request can only be rejected."})
    GateAcceptance.objects.filter(request=request, code=code).delete()  # a renewal replaces the lapsed one
    acceptance = GateAcceptance.objects.create(
        organisation=request.organisation,
        request=request,
        code=code,
        message=item.message,
        severity=item.severity,
        justification=justification,
        review_on=review_on,
        accepted_by=actor.membership,
        accepted_at=timezone.now(),
    )
    record(
        actor,
        audit_actions.ACCEPTANCE_RECORDED,
        acceptance,
        label=str(request),
        changes=created(
            {"code": code, "severity": item.severity, "justification": justification, "review_on": review_on}
        ),
    )
    _sync_acceptance_deadline(acceptance)
    return acceptance


@transaction.atomic
def gate_acceptance_confirm(*, actor: Actor, acceptance: GateAcceptance) -> GateAcceptance:
    """The second person on a critical item: owner, approver or legal, not the one who accepted it."""
    _require_same_organisation(actor, acceptance)
    if actor.role not in CONFIRMING_ROLES:
        raise PermissionDenied("Only the owner, an approver or legal may confirm an accepted risk.")
    acceptance = GateAcceptance.objects.select_for_update().select_related("request").get(pk=acceptance.pk)
    if not acceptance.needs_second_person:
        raise ValidationError({"acceptance": "This acceptance needs no (further) confirmation."})
    if acceptance.accepted_by_id == actor.membership.pk:
        raise ValidationError({"acceptance": "A second person must confirm: you accepted this risk yourself."})
    acceptance.confirmed_by = actor.membership
    acceptance.confirmed_at = timezone.now()
    acceptance.save(update_fields=["confirmed_by", "confirmed_at"])
    record(
        actor,
        audit_actions.ACCEPTANCE_CONFIRMED,
        acceptance,
        label=str(acceptance.request),
        changes={"code": acceptance.code, "confirmed_by": actor.label},
    )
    return acceptance


def _sync_deadline(request: ProcurementRequest, kind: str, source, due_date, title: str, owner) -> None:
    """A dated item of the request (an acceptance's review, a condition) as a deadline of its system."""
    deadline_sync(
        organisation=request.organisation,
        kind=kind,
        source=source,
        due_date=due_date,
        title=title,
        ai_system=request.ai_system,
        vendor=request.ai_system.vendor,
        owner=owner,
        link=request.get_absolute_url(),
    )


def _sync_acceptance_deadline(acceptance: GateAcceptance) -> None:
    title = f"Review the accepted risk “{acceptance.message[:120]}” of {acceptance.request}"
    _sync_deadline(
        acceptance.request, ACCEPTANCE_REVIEW_KIND, acceptance, acceptance.review_on, title, acceptance.accepted_by
    )


# Decision ------------------------------------------------------------------------------


class GatesNotMet(ValidationError):
    """The approver asked to approve while items still block; `blocking` lists them."""

    def __init__(self, blocking: list[gates.Blocker]):
        self.blocking = blocking
        super().__init__({"decision": [f"Blocked: {item.message}" for item in blocking]})


def _clean_conditions(organisation, rows, today: dt.date) -> list[dict]:
    if not isinstance(rows, (list, tuple)) or not rows:
        raise ValidationError({"conditions": "An approval with conditions needs at least one condition."})
    if len(rows) > MAX_CONDITIONS:
        raise ValidationError({"conditions": f"At most {MAX_CONDITIONS} conditions."})
    members = {m.pk: m for m in Membership.objects.filter(organisation=organisation)}
    cleaned, errors = [], {}
    for index, row in enumerate(rows):
        key = f"conditions[{index}]"
        if not isinstance(row, Mapping):
            errors[key] = "Give text, due_date and owner."
            continue
        text = (row.get("text") or "").strip() if isinstance(row.get("text"), str) else ""
        owner = members.get(row.get("owner")) if isinstance(row.get("owner"), int) else None
        try:
            due = _clean_future_date(row.get("due_date"), key, today, required=True)
        except ValidationError as error:
            errors[key] = error.message_dict[key][0]
            continue
        if not text:
            errors[key] = "Say what must be done."
        elif owner is None:
            errors[key] = "Name a member of this organisation as the owner."
        else:
            cleaned.append({"text": text, "due_date": due, "owner": owner})
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def procurement_request_decide(
    *,
    actor: Actor,
    request: ProcurementRequest,
    decision: str,
    reason: str,
    conditions: Iterable[Mapping] = (),
) -> ProcurementRequest:
    """The approver approves (with conditions) or rejects; an approval needs every gate met or covered."""
    actor.require(Capability.APPROVE)
    _require_same_organisation(actor, request)
    request = _locked(request)
    if request.is_decided:
        raise ValidationError({"decision": f"This request is already decided ({request.get_decision_display()})."})
    if decision not in Decision.values:
        raise ValidationError({"decision": "Choose approved, approved_with_conditions or rejected."})
    reason = _required_text(reason, "reason", "Give the reasons for the decision.")
    today = today_in(request.organisation.time_zone)
    cleaned = (
        _clean_conditions(request.organisation, list(conditions), today)
        if decision == Decision.APPROVED_WITH_CONDITIONS
        else []
    )
    result = gates.evaluate(request)
    if decision != Decision.REJECTED and not result.approvable:
        raise GatesNotMet(result.blocking)
    request.decision = decision
    request.decision_reason = reason
    request.decided_by = actor.membership
    request.decided_at = timezone.now()
    request.decision_basis = result.basis()
    request.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at", "decision_basis"])
    for row in cleaned:
        condition = Condition.objects.create(organisation=request.organisation, request=request, **row)
        title = f"Condition of approval of {request.ai_system}: {condition.text[:150]}"
        _sync_deadline(request, CONDITION_KIND, condition, condition.due_date, title, condition.owner)
    record(
        actor,
        audit_actions.REQUEST_DECIDED,
        request,
        changes={
            "decision": [None, decision],
            "reason": reason,
            "conditions": [
                {"text": c["text"], "due_date": c["due_date"], "owner": c["owner"].user.username} for c in cleaned
            ],
            "gates": request.decision_basis,
        },
    )
    return request


# Vendor questionnaire ------------------------------------------------------------------


def _save_answers(actor: Actor, vendor: Vendor, answers: dict, via: str, action: str) -> VendorAnswers:
    _require_same_organisation(actor, vendor)
    record_, _ = VendorAnswers.objects.select_for_update().get_or_create(
        vendor=vendor,
        defaults={"organisation": vendor.organisation, "answers": {}, "updated_at": timezone.now(), "updated_via": via},
    )
    before = dict(record_.answers)
    record_.answers = {**before, **answers}
    record_.updated_at = timezone.now()
    record_.updated_via = via
    record_.save()
    record(actor, action, vendor, changes=diff(before, record_.answers))
    return record_


@transaction.atomic
def vendor_answers_save(*, actor: Actor, vendor: Vendor, answers: Mapping[str, Any], via: str) -> VendorAnswers:
    """Record a vendor's answers (from the portal, or typed in by compliance); blank answers clear."""
    actor.require_any(Capability.MANAGE_REGISTRY, Capability.ANSWER_AS_VENDOR)
    cleaned = questionnaire.clean_answers(dict(answers))
    return _save_answers(actor, vendor, cleaned, via, audit_actions.ANSWERS_SAVED)


@transaction.atomic
def vendor_answers_import(*, actor: Actor, vendor: Vendor, answers: Mapping[str, Any], via: str) -> VendorAnswers:
    """Apply the answers read from a filled-in XLSX questionnaire (after its preview), all at once."""
    actor.require_any(Capability.MANAGE_REGISTRY, Capability.ANSWER_AS_VENDOR)
    cleaned = questionnaire.clean_answers(dict(answers))
    return _save_answers(actor, vendor, cleaned, via, audit_actions.ANSWERS_IMPORTED)
