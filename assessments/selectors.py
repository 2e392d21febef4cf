"""Reads of the assessments app that need care."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.core.cache import cache

from assessments import engine
from assessments.models import Classification
from assessments.rulepack import Pack, default_pack, pack_for

# Result fields a person compares between two snapshots; the trace and pack are shown apart.
COMPARED_RESULT_FIELDS = (
    "in_scope",
    "risk_tier",
    "prohibited_practices",
    "high_risk_route",
    "annex_iii_points",
    "art6_3_exempt",
    "transparency_obligations",
    "gpai",
    "roles",
    "becomes_provider",
    "conformity_route",
    "fria_required",
    "registration",
    "obligations",
    "required_documents",
    "legacy_system",
)


@dataclass(frozen=True)
class Change:
    key: str
    before: Any
    after: Any


@dataclass(frozen=True)
class ClassificationComparison:
    older: Classification
    newer: Classification
    answers: list[Change]
    result: list[Change]
    rules_now_firing: list[dict]
    rules_no_longer_firing: list[dict]

    @property
    def pack_changed(self) -> bool:
        return self.older.pack_sha256 != self.newer.pack_sha256


def pack_of(snapshot: Classification) -> Pack:
    """The pack a snapshot pinned: its labels, explanations and citations are the ones to show with it."""
    return pack_for(sha256=snapshot.pack_sha256, version=snapshot.pack_version)


def current_classification(ai_system) -> Classification | None:
    # Snapshots are only ever appended, so the highest id is the one in force, as in current_for_systems().
    return Classification.objects.filter(ai_system=ai_system).order_by("-pk").first()


def compare(older: Classification, newer: Classification) -> ClassificationComparison:
    """What changed between two snapshots of one system, and which rules explain it."""
    # None is "not answered": no answer may be null (engine.validate_answers).
    answer_keys = sorted(set(older.answers) | set(newer.answers))
    answers = [
        Change(key, older.answers.get(key), newer.answers.get(key))
        for key in answer_keys
        if older.answers.get(key) != newer.answers.get(key)
    ]
    result = [
        Change(field, older.result.get(field), newer.result.get(field))
        for field in (*COMPARED_RESULT_FIELDS, "pack")
        if older.result.get(field) != newer.result.get(field)
    ]
    fired_before = _fired_rules(older)
    fired_after = _fired_rules(newer)
    return ClassificationComparison(
        older=older,
        newer=newer,
        answers=answers,
        result=result,
        rules_now_firing=[entry for rule, entry in fired_after.items() if rule not in fired_before],
        rules_no_longer_firing=[entry for rule, entry in fired_before.items() if rule not in fired_after],
    )


def _fired_rules(snapshot: Classification) -> dict[str, dict]:
    return {entry["rule"]: entry for entry in snapshot.result.get("trace", []) if entry.get("fired")}


@dataclass(frozen=True)
class Reclassification:
    """A system whose current classification came from an older pack, and what the newest would say."""

    current: Classification
    pack: Pack  # the newest pack
    result: dict | None  # None when the newest pack refuses the saved answers
    changes: list[Change]
    problems: dict[str, list[str]]

    @property
    def needs_questionnaire(self) -> bool:
        return self.result is None


def reclassification_candidates(organisation) -> list[Reclassification]:
    """Systems (not archived) whose current classification used an older pack and whose result would change,
    each with the difference.

    Nothing is saved here: compliance confirms each one (services.classification_reclassify).
    """
    return reclassifications_for(snapshot_ids_to_reclassify(organisation))


def snapshot_ids_to_reclassify(organisation) -> list[int]:
    """The ids of the current classifications that the newest pack would change, by system name.

    A snapshot never changes and a pack is known by its hash, so each verdict is cached under
    both: once worked out, a list of a thousand systems reads ids and a thousand small flags.
    """
    pack = default_pack()
    outdated = list(
        Classification.objects.filter(organisation=organisation, ai_system__archived_at__isnull=True)
        .current_for_systems()
        .exclude(pack_sha256=pack.sha256)
        .order_by("ai_system__name", "pk")
        .values_list("pk", flat=True)
    )
    flags = cache.get_many([_cache_key("changes", pk, pack) for pk in outdated])
    missing = [pk for pk in outdated if _cache_key("changes", pk, pack) not in flags]
    for candidate in _work_out(missing, pack):
        flags[_cache_key("changes", candidate.current.pk, pack)] = bool(candidate.changes or candidate.problems)
    return [pk for pk in outdated if flags[_cache_key("changes", pk, pack)]]


def reclassifications_for(snapshot_ids: list[int]) -> list[Reclassification]:
    """The difference the newest pack makes for each of these snapshots, in the same order (cached)."""
    pack = default_pack()
    snapshots = Classification.objects.defer("answers", "result").select_related("ai_system__vendor")
    by_id = snapshots.in_bulk(snapshot_ids)
    verdicts = cache.get_many([_cache_key("verdict", pk, pack) for pk in snapshot_ids])
    missing = [pk for pk in snapshot_ids if _cache_key("verdict", pk, pack) not in verdicts]
    worked_out = {candidate.current.pk: candidate for candidate in _work_out(missing, pack)}
    return [
        replace(worked_out[pk], current=by_id[pk])
        if pk in worked_out
        else Reclassification(by_id[pk], pack, *verdicts[_cache_key("verdict", pk, pack)])
        for pk in snapshot_ids
    ]


RECLASSIFICATION_CACHE_SECONDS = 7 * 24 * 3600


def _cache_key(kind: str, snapshot_pk: int, pack: Pack) -> str:
    return f"assessments:reclassification:{kind}:{snapshot_pk}:{pack.sha256}"


def _work_out(snapshot_ids: list[int], pack: Pack) -> list[Reclassification]:
    """Re-evaluate these snapshots (their answers and results loaded in one query) and cache the verdicts."""
    if not snapshot_ids:
        return []
    loaded = Classification.objects.filter(pk__in=snapshot_ids).only("answers", "result", "timeline")
    candidates = [reclassification_of(snapshot, pack) for snapshot in loaded]
    entries = {}
    for candidate in candidates:
        result = None if candidate.result is None else {k: v for k, v in candidate.result.items() if k != "trace"}
        entries[_cache_key("verdict", candidate.current.pk, pack)] = (result, candidate.changes, candidate.problems)
        entries[_cache_key("changes", candidate.current.pk, pack)] = bool(candidate.changes or candidate.problems)
    cache.set_many(entries, timeout=RECLASSIFICATION_CACHE_SECONDS)
    return candidates


def reclassification_of(snapshot: Classification, pack: Pack | None = None) -> Reclassification:
    """What re-evaluating a snapshot's answers with `pack` (the newest by default) would change."""
    pack = pack or default_pack()
    problems = engine.validate_answers(pack, snapshot.answers, snapshot.timeline)
    if problems:
        return Reclassification(snapshot, pack, None, [], problems)
    result = engine.evaluate(pack, snapshot.answers, snapshot.timeline).to_dict()
    changes = [
        Change(field, snapshot.result.get(field), result.get(field))
        for field in COMPARED_RESULT_FIELDS
        if _changed(field, snapshot.result, result)
    ]
    return Reclassification(snapshot, pack, result, changes, {})


def _changed(field: str, before: dict, after: dict) -> bool:
    if field not in after:
        return False
    if field == "legacy_system" and field not in before:
        # Older packs did not report it: only a system that is now legacy counts as a change (its
        # consequences on obligations and documents show in those fields).
        return after[field]["applies"] is True
    return before.get(field) != after[field]
