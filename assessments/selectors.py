"""Reads of the assessments app that need care."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assessments.models import Classification
from assessments.services import COMPARED_RESULT_FIELDS

NOT_ANSWERED = object()


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
    return Classification.objects.filter(ai_system=ai_system).order_by("-created_at", "-pk").first()


def compare(older: Classification, newer: Classification) -> ClassificationComparison:
    """What changed between two snapshots of one system, and which rules explain it."""
    answer_keys = sorted(set(older.answers) | set(newer.answers))
    answers = [
        Change(key, older.answers.get(key, NOT_ANSWERED), newer.answers.get(key, NOT_ANSWERED))
        for key in answer_keys
        if older.answers.get(key, NOT_ANSWERED) != newer.answers.get(key, NOT_ANSWERED)
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
