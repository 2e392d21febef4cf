"""Verification checklists: marking items and what still blocks verification."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from compliance import catalogue
from compliance.audit_actions import (
    DOCUMENT_CHECKLIST_MARKED,
)
from compliance.models import (
    ChecklistOutcome,
    ChecklistResult,
    Document,
)
from compliance.services.common import now, request_label, require_manage
from compliance.states import DOCUMENT_MACHINE, document_state
from core.access import Actor
from core.audit import record


@transaction.atomic
def checklist_mark(*, actor: Actor, document: Document, results: Iterable[Mapping[str, str]]) -> list[ChecklistResult]:
    """Mark checklist items pass / fail / not applicable, each with a note (a failure needs one)."""
    require_manage(actor, document)
    DOCUMENT_MACHINE.check(document_state(document), "mark_checklist")
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
    moment = now()
    saved = []
    changes = {}
    for row in rows:
        values = {
            "outcome": row["outcome"],
            "note": (row.get("note") or "").strip(),
            "by": actor.membership,
            "at": moment,
        }
        existing = ChecklistResult.objects.filter(document=document, item_id=row["item_id"]).first()
        if existing and (existing.outcome, existing.note) == (values["outcome"], values["note"]):
            saved.append(existing)
            continue
        result, _ = ChecklistResult.objects.update_or_create(document=document, item_id=row["item_id"], defaults=values)
        changes[row["item_id"]] = [existing.outcome if existing else None, result.outcome]
        saved.append(result)
    if changes:
        label = request_label(document.request)
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
