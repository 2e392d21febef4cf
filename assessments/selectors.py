"""Reads of the assessments app that need care."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assessments.models import Classification

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
