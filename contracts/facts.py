"""What the clause library's conditions read about a covered AI system, loaded in bulk.

The classification is read through its result fields only (the public contract in
spec/classification.md), never through the rule pack's internals, so a new pack
version changes the facts only where its result does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from assessments.models import Classification
from compliance.models import Document
from compliance.red_flags.rules import IN_PROGRESS
from contracts.library import Clause, Library
from vendors.models import AiSystem, Lifecycle


@dataclass(frozen=True)
class SystemFacts:
    """A condition reader (assessments.conditions.Reader) over one system's facts."""

    system: AiSystem
    result: dict | None
    conformity_in_progress: bool

    def is_answered(self, key: str) -> bool:
        return self.value(key) is not None

    def value(self, key: str) -> Any:
        result = self.result or {}
        roles = list(result.get("roles", []))
        becomes = result.get("becomes_provider") or {}
        gpai = result.get("gpai") or {}
        legacy = result.get("legacy_system") or {}
        values = {
            "in_scope": bool(result.get("in_scope", False)),
            "risk_tier": result.get("risk_tier"),
            "high_risk": result.get("risk_tier") == "high_risk",
            "gpai": gpai.get("is_gpai") is True,
            "gpai_systemic_risk": gpai.get("systemic_risk") is True,
            "roles": roles,
            "we_provide": "provider" in roles,
            "we_deploy": "deployer" in roles,
            "becomes_provider": becomes.get("value") is True,
            "conformity_route": result.get("conformity_route"),
            "legacy_system": legacy.get("applies") is True,
            "system.processes_personal_data": self.system.processes_personal_data,
            "system.in_use": self.system.lifecycle == Lifecycle.IN_USE,
            "vendor.established_in_eu": self.system.vendor.is_eu_established,
            "vendor.conformity_in_progress": self.conformity_in_progress,
        }
        return values[key]


def current_results(systems: Iterable[AiSystem]) -> dict[int, Classification]:
    """The classification in force of each system, in one query."""
    ids = [system.pk for system in systems]
    rows = Classification.objects.filter(ai_system_id__in=ids).current_for_systems()
    return {row.ai_system_id: row for row in rows.only("pk", "ai_system_id", "result", "answers", "timeline")}


def facts_of(systems: Iterable[AiSystem]) -> list[SystemFacts]:
    """The facts of each system (its vendor must be loaded), in three queries whatever their number."""
    systems = list(systems)
    classifications = current_results(systems)
    claims = Document.objects.filter(
        request__ai_system__in=systems, superseded_by__isnull=True, facts_recorded_at__isnull=False
    ).values_list("request__ai_system_id", "compliance_claim")
    in_progress = {system_id for system_id, claim in claims if IN_PROGRESS.search(claim or "")}
    return [
        SystemFacts(
            system=system,
            result=classifications[system.pk].result if system.pk in classifications else None,
            conformity_in_progress=system.pk in in_progress,
        )
        for system in systems
    ]


def required_clauses(library: Library, facts: Iterable[SystemFacts]) -> dict[str, Clause]:
    """The clauses that at least one covered system calls for, in library order."""
    facts = list(facts)
    return {code: clause for code, clause in library.clauses.items() if any(clause.when(fact)[0] for fact in facts)}
