"""Writes of the contracts app: contracts and their signed file, clause status, and the modification log.

Each service checks permission, validates, writes and records the audit event in one
transaction. The clause checklist's required set, the contract's deadlines and its red
flags are derived data: every write that can change them re-syncs them in the same
transaction, and so does a reclassification of a covered system.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from assessments.models import Classification
from assessments.services import classification_save
from compliance.services import red_flags_reevaluate_system
from compliance.uploads import check_upload
from contracts import audit_actions, hooks
from contracts.facts import facts_of, required_clauses
from contracts.library import default_library
from contracts.models import ClauseState, ClauseStatus, ClauseStatusChange, Contract, Modification
from contracts.triggers import Preview, preview_modification
from core.access import Actor, Capability
from core.audit import created, diff, record, snapshot
from core.calendar import subtract_business_days
from deadlines.models import DeadlineKind
from deadlines.services import deadline_sync
from vendors.models import AiSystem, Vendor

CONTRACT_FIELDS = (
    "title",
    "reference",
    "vendor",
    "signed_on",
    "starts_on",
    "ends_on",
    "auto_renews",
    "notice_period_days",
    "notice_in_business_days",
    "governing_law",
)
EARLIEST, LATEST = dt.date(1950, 1, 1), dt.date(2200, 12, 31)
MAX_NOTICE_DAYS = 3650
MAX_PAGE = 100_000
MAX_FLOP = 1e35


def _require_same_organisation(actor: Actor, obj) -> None:
    if obj.organisation_id != actor.organisation.pk:
        raise PermissionDenied("This belongs to another organisation.")


# Contracts -------------------------------------------------------------------------------


def _validated_contract(actor: Actor, data: Mapping[str, Any], systems: Iterable[AiSystem]) -> list[AiSystem]:
    errors: dict[str, str] = {}
    vendor = data.get("vendor")
    if not isinstance(vendor, Vendor) or vendor.organisation_id != actor.organisation.pk:
        errors["vendor"] = "Choose one of your vendors."
    elif vendor.is_archived:
        errors["vendor"] = "This vendor is archived: restore it before recording a contract."
    if not str(data.get("title") or "").strip():
        errors["title"] = "Give the contract a title."
    for field in ("signed_on", "starts_on", "ends_on"):
        day = data.get(field)
        if day is not None and not EARLIEST <= day <= LATEST:
            errors[field] = f"Give a date between {EARLIEST:%Y} and {LATEST:%Y}."
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if starts_on is None:
        errors.setdefault("starts_on", "Give the date the contract starts.")
    elif ends_on is not None and ends_on < starts_on and "ends_on" not in errors:
        errors["ends_on"] = "The contract cannot end before it starts."
    notice = data.get("notice_period_days")
    if notice is not None and not 0 <= notice <= MAX_NOTICE_DAYS:
        errors["notice_period_days"] = f"Give a notice period between 0 and {MAX_NOTICE_DAYS} days."
    if data.get("auto_renews") and ends_on is None:
        errors.setdefault("ends_on", "A contract that renews automatically needs the end of its current term.")
    systems = list(systems)
    if "vendor" not in errors:
        if not systems:
            errors["systems"] = "Choose at least one AI system the contract covers."
        elif any(s.organisation_id != actor.organisation.pk or s.vendor_id != vendor.pk for s in systems):
            errors["systems"] = "Choose AI systems of this vendor only."
    if errors:
        raise ValidationError(errors)
    return systems


def contract_create(*, actor: Actor, data: Mapping[str, Any], systems: Iterable[AiSystem], file=None) -> Contract:
    """Record a contract with the systems it covers (and its signed file); the checklist follows."""
    actor.require(Capability.MANAGE_CONTRACTS)
    systems = _validated_contract(actor, data, systems)
    checked = check_upload(file) if file is not None else None
    stored_name = ""
    try:
        with transaction.atomic():
            contract = Contract(organisation=actor.organisation, created_by=actor.membership)
            values = _write_terms(contract, data, systems)
            record(actor, audit_actions.CONTRACT_CREATED, contract, changes=created(values))
            if checked is not None:
                stored_name = _store_file(actor, contract, file, checked)
            contract_derived_sync(contract)
    except Exception:
        if stored_name:
            Contract.signed_file.field.storage.delete(stored_name)
        raise
    return contract


def _terms(contract: Contract, systems: Iterable[AiSystem]) -> dict:
    """The contract's terms and covered systems, as the audit log records them."""
    return {**snapshot(contract, CONTRACT_FIELDS), "systems": sorted(s.pk for s in systems)}


def _write_terms(contract: Contract, data: Mapping[str, Any], systems: list[AiSystem]) -> dict:
    for field in CONTRACT_FIELDS:
        if field in data:
            setattr(contract, field, data[field])
    contract.title = contract.title.strip()
    contract.save()
    contract.systems.set(systems)
    return _terms(contract, systems)


def contract_update(
    *, actor: Actor, contract: Contract, data: Mapping[str, Any], systems: Iterable[AiSystem] | None = None
) -> Contract:
    """Change a contract's terms or covered systems; the checklist, deadlines and flags follow."""
    actor.require(Capability.MANAGE_CONTRACTS)
    _require_same_organisation(actor, contract)
    merged = {**{field: getattr(contract, field) for field in CONTRACT_FIELDS}, **data}
    covered = list(contract.systems.all())
    systems = _validated_contract(actor, merged, covered if systems is None else systems)
    with transaction.atomic():
        contract = Contract.objects.select_for_update().get(pk=contract.pk)
        before = _terms(contract, covered)
        changes = diff(before, _write_terms(contract, merged, systems))
        if changes:
            record(actor, audit_actions.CONTRACT_UPDATED, contract, changes=changes)
        contract_derived_sync(contract, also_systems=covered)
    return contract


def _store_file(actor: Actor, contract: Contract, file, checked) -> str:
    contract.signed_file.save(checked.stored_name, file, save=False)
    contract.signed_file_name = checked.original_name
    contract.signed_file_sha256 = checked.sha256
    contract.signed_file_size = checked.size
    contract.signed_file_content_type = checked.content_type
    contract.save()
    values = {"name": checked.original_name, "sha256": checked.sha256, "size": checked.size}
    record(actor, audit_actions.CONTRACT_FILE_UPLOADED, contract, changes=created(values))
    return contract.signed_file.name


def contract_file_upload(*, actor: Actor, contract: Contract, file) -> Contract:
    """Store the signed copy, checked like any document; a new upload replaces it (the audit log keeps each hash)."""
    actor.require(Capability.MANAGE_CONTRACTS)
    _require_same_organisation(actor, contract)
    checked = check_upload(file)
    stored_name = ""
    try:
        with transaction.atomic():
            contract = Contract.objects.select_for_update().get(pk=contract.pk)
            stored_name = _store_file(actor, contract, file, checked)
    except Exception:
        if stored_name:
            Contract.signed_file.field.storage.delete(stored_name)
        raise
    return contract


@transaction.atomic
def contract_file_download_record(*, actor: Actor, contract: Contract) -> None:
    actor.require(Capability.READ)
    _require_same_organisation(actor, contract)
    record(actor, audit_actions.CONTRACT_FILE_DOWNLOADED, contract, changes={"sha256": contract.signed_file_sha256})


# Derived data: the checklist, deadlines and red flags ------------------------------------


def contract_derived_sync(contract: Contract, also_systems: Iterable[AiSystem] = ()) -> None:
    """Recompute what follows from the contract: required clauses, its deadlines, the covered systems' flags."""
    clauses_sync(contract)
    deadlines_sync(contract)
    systems = {s.pk: s for s in [*contract.systems.all(), *also_systems]}
    reevaluate_flags(systems.values())


def reevaluate_flags(systems: Iterable[AiSystem]) -> None:
    """Open and resolve the contract flags of these systems (archived systems keep no live flags)."""
    for system in systems:
        if not system.is_archived:
            red_flags_reevaluate_system(system)


def clauses_sync(contract: Contract) -> None:
    """Create a status row for each newly required clause; mark the others no longer required (status kept)."""
    library = default_library()
    systems = list(contract.systems.select_related("vendor"))
    required = required_clauses(library, facts_of(systems))
    existing = {row.clause_code: row for row in contract.clauses.all()}
    for code, clause in required.items():
        row = existing.get(code)
        if row is None:
            ClauseStatus.objects.create(
                organisation_id=contract.organisation_id, contract=contract, clause_code=code, severity=clause.severity
            )
        elif not row.required or row.severity != clause.severity:
            row.required, row.severity = True, clause.severity
            row.save(update_fields=["required", "severity", "updated_at"])
    for code, row in existing.items():
        if code not in required and row.required:
            row.required = False
            row.save(update_fields=["required", "updated_at"])
    _count_missing(contract)


def _count_missing(contract: Contract) -> None:
    missing = sum(1 for row in contract.clauses.all() if row.is_gap)
    if missing != contract.missing_mandatory:
        Contract.objects.filter(pk=contract.pk).update(missing_mandatory=missing)
        contract.missing_mandatory = missing


def notice_date(contract: Contract) -> dt.date | None:
    """The last day to give notice: end of term minus the notice period (in business days if the contract says so)."""
    if contract.ends_on is None or contract.notice_period_days is None:
        return None
    if contract.notice_in_business_days:
        return subtract_business_days(contract.ends_on, contract.notice_period_days, contract.organisation.country)
    return contract.ends_on - dt.timedelta(days=contract.notice_period_days)


def deadlines_sync(contract: Contract) -> None:
    """Notice, renewal and end of the contract as deadlines, so the reminders pick them up."""
    link = contract.get_absolute_url()
    common = {"organisation": contract.organisation, "source": contract, "vendor": contract.vendor, "link": link}
    deadline_sync(
        kind=DeadlineKind.CONTRACT_NOTICE,
        due_date=notice_date(contract),
        title=f"Last day to give notice on {contract.title}",
        **common,
    )
    deadline_sync(
        kind=DeadlineKind.CONTRACT_RENEWAL,
        due_date=contract.ends_on if contract.auto_renews else None,
        title=f"{contract.title} renews",
        is_milestone=True,
        **common,
    )
    deadline_sync(
        kind=DeadlineKind.CONTRACT_END,
        due_date=None if contract.auto_renews else contract.ends_on,
        title=f"{contract.title} ends",
        is_milestone=True,
        **common,
    )


def on_classification_saved(classification: Classification, actor: Actor) -> None:
    """A reclassified system can change the clauses its contracts need."""
    touched = {}
    for contract in Contract.objects.filter(systems=classification.ai_system).select_related("organisation"):
        clauses_sync(contract)
        touched.update({system.pk: system for system in contract.systems.select_related("vendor")})
    reevaluate_flags(touched.values())


# Clause status ---------------------------------------------------------------------------

CLAUSE_FIELDS = ("state", "section", "page", "note", "justification")
KEEP = object()  # an argument not given: the field keeps its value


def clause_status_set(
    *,
    actor: Actor,
    clause: ClauseStatus,
    state: str,
    section: str | object = KEEP,
    page: int | object | None = KEEP,
    note: str | object = KEEP,
    justification: str | object = KEEP,
) -> ClauseStatus:
    """Mark a clause present / missing / under negotiation / waived; a waiver needs a justification.

    Fields not given keep their value, so one click can change the state alone (`page=None` clears the page).
    """
    actor.require(Capability.MANAGE_CONTRACTS)
    _require_same_organisation(actor, clause)
    with transaction.atomic():
        clause = ClauseStatus.objects.select_for_update().select_related("contract").get(pk=clause.pk)
        before = snapshot(clause, CLAUSE_FIELDS)
        given = {"section": section, "page": page, "note": note, "justification": justification}
        values = {"state": state, **{name: before[name] if value is KEEP else value for name, value in given.items()}}
        if state != ClauseState.WAIVED and justification is KEEP:
            values["justification"] = ""  # a justification explains a waiver only
        _validate_clause_values(values)
        for field, value in values.items():
            setattr(clause, field, value)
        changes = diff(before, snapshot(clause, CLAUSE_FIELDS))
        if not changes:
            return clause
        clause.updated_by = actor.membership
        clause.save()
        recorded = {name: value for name, value in values.items() if name != "state"}
        ClauseStatusChange.objects.create(
            clause=clause,
            from_state=before["state"],
            to_state=state,
            by=actor.membership,
            by_label=actor.label,
            **recorded,
        )
        label = f"{_clause_title(clause.clause_code)} in {clause.contract.title}"
        record(actor, audit_actions.CLAUSE_STATUS_CHANGED, clause, changes=changes, label=label)
        _count_missing(clause.contract)
        reevaluate_flags(clause.contract.systems.all())
    return clause


def _validate_clause_values(values: dict) -> None:
    """Clean the texts in place; raise the field errors."""
    errors = {}
    if values["state"] not in ClauseState.values:
        errors["state"] = "Choose present, missing, under negotiation or waived."
    for name in ("section", "note", "justification"):
        values[name] = str(values[name] or "").strip()
    if values["state"] == ClauseState.WAIVED and not values["justification"]:
        errors["justification"] = "Say why the clause is waived: a waiver needs a justification."
    if len(values["section"]) > 60:
        errors["section"] = "Keep the section reference under 60 characters."
    page = values["page"]
    if page is not None and (isinstance(page, bool) or not isinstance(page, int) or not 1 <= page <= MAX_PAGE):
        errors["page"] = f"Give a page number between 1 and {MAX_PAGE}."
    if errors:
        raise ValidationError(errors)


def _clause_title(code: str) -> str:
    clause = default_library().clause(code)
    return clause.title if clause else code


# Modification log ------------------------------------------------------------------------

MODIFICATION_FIELDS = (
    "changed_on",
    "description",
    "reason",
    "reference",
    "approved_by",
    "substantial",
    "new_annex_iii_points",
    "under_our_name",
    "compute_flop",
)


class ConfirmationNeeded(Exception):
    """The entry would make us the provider: the caller must show the preview and ask for confirmation."""

    def __init__(self, preview: Preview):
        super().__init__("This change would make us the provider; confirm to record it.")
        self.preview = preview


def _validated_modification(ai_system: AiSystem, data: Mapping[str, Any]) -> dict:
    errors = {}
    values = {field: data.get(field) for field in MODIFICATION_FIELDS}
    for field in ("description", "reason", "approved_by"):
        values[field] = str(values[field] or "").strip()
        if not values[field]:
            errors[field] = "This field is required."
    values["reference"] = str(values["reference"] or "").strip()[:200]
    values["approved_by"] = values["approved_by"][:200]
    day = values["changed_on"]
    if not isinstance(day, dt.date) or not EARLIEST <= day <= LATEST:
        errors["changed_on"] = "Give the date of the change."
    values["substantial"] = bool(values["substantial"])
    values["under_our_name"] = bool(values["under_our_name"])
    points = values["new_annex_iii_points"] or []
    if not isinstance(points, list) or not all(isinstance(p, str) for p in points):
        errors["new_annex_iii_points"] = "Give a list of Annex III points."
    values["new_annex_iii_points"] = sorted(set(points)) if isinstance(points, list) else []
    flop = values["compute_flop"]
    if flop is not None and (isinstance(flop, bool) or not isinstance(flop, int | float) or not 0 < flop <= MAX_FLOP):
        errors["compute_flop"] = "Give the compute as a positive number of FLOP (for example 2e24)."
    if ai_system.is_archived:
        errors["ai_system"] = "This AI system is archived."
    if errors:
        raise ValidationError(errors)
    return values


def modification_preview(*, actor: Actor, ai_system: AiSystem, data: Mapping[str, Any]) -> Preview:
    """What the entry would change in the classification, computed before anything is saved."""
    actor.require(Capability.MANAGE_REGISTRY)
    _require_same_organisation(actor, ai_system)
    values = _validated_modification(ai_system, data)
    return preview_modification(ai_system, values, _previous_compute(ai_system))


def _previous_compute(ai_system: AiSystem) -> float | None:
    last = ai_system.modifications.exclude(cumulative_compute_flop=None).order_by("-pk").first()
    return last.cumulative_compute_flop if last else None


def modification_record(
    *, actor: Actor, ai_system: AiSystem, data: Mapping[str, Any], confirm: bool = False
) -> Modification:
    """Log a change to a bought system; one that fires an Art 25 trigger needs `confirm` and re-classifies it."""
    actor.require(Capability.MANAGE_REGISTRY)
    _require_same_organisation(actor, ai_system)
    values = _validated_modification(ai_system, data)
    with transaction.atomic():
        ai_system = AiSystem.objects.select_for_update().get(pk=ai_system.pk)
        preview = preview_modification(ai_system, values, _previous_compute(ai_system))
        if preview.triggers and not confirm:
            raise ConfirmationNeeded(preview)
        entry = Modification.objects.create(
            organisation=ai_system.organisation,
            ai_system=ai_system,
            recorded_by=actor.membership,
            cumulative_compute_flop=preview.cumulative_compute_flop,
            triggers=[trigger.as_dict() for trigger in preview.triggers],
            confirmed=bool(preview.triggers),
            **values,
        )
        record(
            actor,
            audit_actions.MODIFICATION_RECORDED,
            entry,
            changes=created({**snapshot(entry, MODIFICATION_FIELDS), "triggers": entry.triggers}),
        )
        if preview.triggers:
            grounds = ", ".join(trigger.ground for trigger in preview.triggers)
            entry.classification = classification_save(
                actor=actor,
                ai_system=ai_system,
                answers=preview.answers,
                timeline=preview.timeline,
                note=f"Re-classified after the modification of {entry.changed_on:%Y-%m-%d} ({grounds}).",
            )
            entry.save(update_fields=["classification"])
        hooks.modification_recorded.send(entry, actor)
    return entry
