"""The red flags of the contracts app, registered in compliance's rule registry.

Stable codes (stored on flags, read by API clients):

- `contract_missing`: a high-risk or GPAI-based system in use that no recorded contract
  covers (or only one that has not started yet);
- `contract_expired_in_use`: a system in use whose every covering contract has ended;
- `clause_missing_critical`, `clause_missing_major`, `clause_missing_warning`: a contract in
  force covering the system lacks a required clause of that severity (neither present nor
  waived); one code per severity, so that a flag's severity is the clause library's.

The facts come from one bulk loader per evaluation batch (`contracts` in `facts.extra`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from compliance.models import Severity, subject_key_of
from compliance.red_flags import SYSTEM, Facts, RedFlagRule, register_facts_loader, register_rule
from contracts.models import SETTLED_STATES, ClauseStatus, Contract
from contracts.selectors import contract_required
from vendors.models import Lifecycle


@dataclass
class ContractFacts:
    """What the rules know of the contracts covering one system."""

    contracts: list[Contract] = field(default_factory=list)
    gaps: dict[int, set[str]] = field(default_factory=dict)  # contract id → severities of its missing clauses

    def current(self, today) -> list[Contract]:
        return [contract for contract in self.contracts if contract.is_current_on(today)]

    def all_ended(self, today) -> bool:
        return bool(self.contracts) and all(c.ends_on is not None and c.ends_on < today for c in self.contracts)


def load_contract_facts(organisation, systems: list, vendors: list) -> dict[str, ContractFacts]:
    """The contracts of every system in the batch and their missing clauses, in two queries."""
    if not systems:
        return {}
    covering = Contract.systems.through.objects.filter(aisystem_id__in=[s.pk for s in systems])
    pairs = list(covering.values_list("aisystem_id", "contract_id"))
    contracts = {c.pk: c for c in Contract.objects.filter(pk__in={contract for _, contract in pairs})}
    gaps: dict[int, set[str]] = defaultdict(set)
    open_clauses = ClauseStatus.objects.filter(contract_id__in=contracts, required=True).exclude(
        state__in=SETTLED_STATES
    )
    for contract_id, severity in open_clauses.values_list("contract_id", "severity"):
        gaps[contract_id].add(severity)
    by_system: dict[int, ContractFacts] = defaultdict(ContractFacts)
    for system_id, contract_id in pairs:
        by_system[system_id].contracts.append(contracts[contract_id])
        by_system[system_id].gaps[contract_id] = gaps.get(contract_id, set())
    return {subject_key_of(ai_system=s): by_system.get(s.pk, ContractFacts()) for s in systems}


def _contracts(f: Facts) -> ContractFacts:
    return f.extra.get("contracts") or ContractFacts()


def _in_use(f: Facts) -> bool:
    return f.system is not None and f.system.lifecycle == Lifecycle.IN_USE


def contract_missing(f: Facts) -> bool:
    known = _contracts(f)
    result = f.classification.result if f.classification else None
    return _in_use(f) and contract_required(result) and not known.current(f.today) and not known.all_ended(f.today)


def contract_expired_in_use(f: Facts) -> bool:
    known = _contracts(f)
    return _in_use(f) and known.all_ended(f.today) and not known.current(f.today)


def clause_missing(severity: str):
    def applies(f: Facts) -> bool:
        known = _contracts(f)
        return any(severity in known.gaps.get(contract.pk, set()) for contract in known.current(f.today))

    return applies


CLAUSE_FLAG_WORDS = {
    Severity.CRITICAL: "A contract covering this system lacks a critical AI Act clause",
    Severity.MAJOR: "A contract covering this system lacks a major AI Act clause",
    Severity.WARNING: "A contract covering this system lacks a recommended AI Act clause",
}


def register() -> None:
    register_facts_loader("contracts", load_contract_facts)
    register_rule(
        RedFlagRule(
            code="contract_missing",
            severity=Severity.MAJOR,
            citation="Art 25(4), Art 26, Art 53",
            message="A high-risk or GPAI-based system is in use without a recorded contract.",
            action="Record the contract with the vendor, with the AI Act clauses its checklist asks for.",
            applies=contract_missing,
            scopes=(SYSTEM,),
            reads=("ai_system.lifecycle",),
        )
    )
    register_rule(
        RedFlagRule(
            code="contract_expired_in_use",
            severity=Severity.MAJOR,
            citation="Art 26(1), Art 26(5)",
            message="The system is in use but every contract covering it has ended.",
            action="Renew the contract or record the new one, or stop using the system.",
            applies=contract_expired_in_use,
            scopes=(SYSTEM,),
            reads=("ai_system.lifecycle",),
        )
    )
    for severity, message in CLAUSE_FLAG_WORDS.items():
        register_rule(
            RedFlagRule(
                code=f"clause_missing_{severity}",
                severity=severity,
                citation="Art 25(4), Art 26",
                message=f"{message} (neither present nor waived).",
                action="Open the contract's checklist: negotiate the clause, or waive it with a justification.",
                applies=clause_missing(severity),
                scopes=(SYSTEM,),
            )
        )
