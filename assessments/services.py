"""Writes of the assessments app: questionnaire drafts and classification snapshots."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from assessments import engine
from assessments.audit_actions import (
    CLASSIFICATION_CREATED,
    CLASSIFICATION_RECLASSIFIED,
    DRAFT_CREATED,
    DRAFT_DISCARDED,
    DRAFT_UPDATED,
)
from assessments.hooks import notify_classification_saved
from assessments.models import Classification, ClassificationDraft
from assessments.rulepack import Pack, default_pack, pack_by_version, retained_packs
from assessments.selectors import COMPARED_RESULT_FIELDS, current_classification
from core.access import Actor, Capability
from core.audit import diff, record
from vendors.models import AiSystem
from vendors.services import require_can_edit

DEFAULT_TIMELINE = "omnibus-2026"


def pack_of_version(version: Any = None) -> Pack:
    """The retained pack of this version (the newest when None), or a ValidationError on `pack_version`."""
    if version is None:
        return default_pack()
    pack = pack_by_version(version) if isinstance(version, str) else None
    if pack is None:
        known = ", ".join(pack.version for pack in retained_packs())
        raise ValidationError({"pack_version": [f'unknown rule pack version "{version}" (retained: {known})']})
    return pack


def classify(*, answers: Any, timeline: str | None = None, pack_version: str | None = None) -> dict:
    """Stateless classification: the contract's result, or a ValidationError keyed by answer key."""
    if not isinstance(answers, Mapping):
        raise ValidationError({"answers": "Answers must be a JSON object of answer keys to values."})
    pack = pack_of_version(pack_version)
    timeline = timeline or DEFAULT_TIMELINE
    errors = engine.validate_answers(pack, dict(answers), timeline)
    if errors:
        raise ValidationError(errors)
    return engine.evaluate(pack, dict(answers), timeline).to_dict()


def merge_answers(current: Mapping[str, Any], answered: Mapping[str, Any], cleared: Iterable[str] = ()) -> dict:
    """The current answers with the `cleared` keys removed and the `answered` ones set."""
    cleared = set(cleared)
    return {**{key: value for key, value in current.items() if key not in cleared}, **answered}


def without_hidden_answers(answers: Mapping[str, Any], timeline: str) -> dict:
    """Drop answers to questions that the other answers no longer make relevant.

    Changing an earlier answer can hide later questions (no Annex III point → no
    Art 6(3) questions); a stale hidden answer must not influence the result.
    Hiding one question can hide others, so repeat until nothing changes.
    """
    pack = default_pack()
    kept = dict(answers)
    while True:
        visible = {q.id for q in engine.visible_questions(pack, kept, timeline)}
        pruned = {key: value for key, value in kept.items() if key in visible}
        if pruned == kept:
            return kept
        kept = pruned


def draft_update(
    *,
    actor: Actor,
    ai_system: AiSystem,
    answers: Mapping[str, Any],
    timeline: str,
    section: str = "",
    cleared: Iterable[str] = (),
) -> ClassificationDraft:
    """Merge one section's answers into the system's draft (creating it), so anyone may resume later.

    `cleared` names questions the person left blank: their earlier answers are removed.
    """
    require_can_edit(actor, ai_system)
    pack = default_pack()
    errors = engine.validate_answers(pack, dict(answers), timeline)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        draft, was_created = ClassificationDraft.objects.select_for_update().get_or_create(
            ai_system=ai_system,
            defaults={"organisation": ai_system.organisation, "timeline": timeline, "created_by": actor.user},
        )
        before = {"answers": dict(draft.answers), "timeline": draft.timeline}
        merged = without_hidden_answers(merge_answers(draft.answers, answers, cleared), timeline)
        draft.answers, draft.timeline, draft.section, draft.updated_by = merged, timeline, section, actor.user
        draft.save()
        changes = diff(_flat(before), _flat({"answers": merged, "timeline": timeline}))
        action = DRAFT_CREATED if was_created else DRAFT_UPDATED
        record(actor, action, ai_system, changes=changes, label=f"Classification draft of {ai_system}")
    return draft


def draft_discard(*, actor: Actor, ai_system: AiSystem) -> None:
    require_can_edit(actor, ai_system)
    with transaction.atomic():
        deleted, _ = ClassificationDraft.objects.filter(ai_system=ai_system).delete()
        if deleted:
            record(actor, DRAFT_DISCARDED, ai_system, label=f"Classification draft of {ai_system}")


def classification_save(
    *,
    actor: Actor,
    ai_system: AiSystem,
    answers: Any,
    timeline: str | None = None,
    note: str = "",
    pack_version: str | None = None,
) -> Classification:
    """Classify and store an immutable snapshot pinned to the rule pack (the newest unless a retained
    version is named); the draft is consumed."""
    require_can_edit(actor, ai_system)
    return _save_snapshot(
        actor,
        ai_system,
        answers,
        timeline or DEFAULT_TIMELINE,
        note,
        pack_of_version(pack_version),
        CLASSIFICATION_CREATED,
    )


def _save_snapshot(
    actor: Actor, ai_system: AiSystem, answers: Any, timeline: str, note: str, pack: Pack, action: str
) -> Classification:
    result = classify(answers=answers, timeline=timeline, pack_version=pack.version)
    with transaction.atomic():
        previous = current_classification(ai_system)
        snapshot = Classification.objects.create(
            organisation=ai_system.organisation,
            ai_system=ai_system,
            answers=dict(answers),
            timeline=timeline,
            result=result,
            risk_tier=result["risk_tier"],
            pack_id=pack.id,
            pack_version=pack.version,
            pack_sha256=pack.sha256,
            note=note,
            created_by=actor.user,
        )
        ClassificationDraft.objects.filter(ai_system=ai_system).delete()
        record(
            actor,
            action,
            snapshot,
            changes=_summary_changes(previous, snapshot),
            label=f"Classification of {ai_system}",
        )
        notify_classification_saved(snapshot, actor)
    return snapshot


def classification_reclassify(
    *, actor: Actor, classification: Classification, pack_sha256: str, note: str = ""
) -> Classification:
    """Confirm the re-classification of a system under the newest pack: a new, audited snapshot.

    `pack_sha256` is the pack the person reviewed the difference against; if a newer pack was
    deployed since, or the system was classified again meanwhile, nothing is saved.
    """
    actor.require(Capability.MANAGE_REGISTRY)
    require_can_edit(actor, classification.ai_system)
    pack = default_pack()
    if pack_sha256 != pack.sha256:
        raise ValidationError({"pack_sha256": ["The rule pack changed since you saw this: review it again."]})
    with transaction.atomic():
        # Two people confirming at once: the second waits here, then finds a newer snapshot.
        AiSystem.objects.select_for_update().filter(pk=classification.ai_system_id).first()
        current = current_classification(classification.ai_system)
        if current is None or current.pk != classification.pk:
            raise ValidationError({"classification": ["The system was classified again since; review it again."]})
        if current.pack_sha256 == pack.sha256:
            raise ValidationError({"classification": ["This classification already uses the newest rule pack."]})
        note = note.strip() or f"Re-classified under rule pack {pack.version} (was {current.pack_version})."
        return _save_snapshot(
            actor, current.ai_system, current.answers, current.timeline, note, pack, CLASSIFICATION_RECLASSIFIED
        )


def _summary_changes(previous: Classification | None, current: Classification) -> dict:
    before = {field: previous.result.get(field) for field in COMPARED_RESULT_FIELDS} if previous else {}
    after = {field: current.result.get(field) for field in COMPARED_RESULT_FIELDS}
    after.update(pack=f"{current.pack_id} {current.pack_version}", timeline=current.timeline)
    if previous:
        before.update(pack=f"{previous.pack_id} {previous.pack_version}", timeline=previous.timeline)
    return diff(before, after)


def _flat(state: dict) -> dict:
    flat = {f"answers.{key}": value for key, value in state["answers"].items()}
    flat["timeline"] = state["timeline"]
    return flat
