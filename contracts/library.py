"""The clause library: AI Act contract clauses as versioned YAML, validated once at load.

Each clause says when it is required with a condition in the rule pack's condition
language (assessments.conditions), read for one covered AI system over the facts below
(`FACT_KEYS`): its current classification result, the system itself and its vendor.
Loading refuses anything it does not understand, naming the place, so that a typo
cannot silently drop a clause from every contract. No Django here.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assessments.conditions import Condition, PackError, compile_condition, parse_date
from assessments.rulepack import _list, _mapping, _one_of, _text, _unique, read_yaml

DEFAULT_LIBRARY_PATH = Path(__file__).parent / "clauses" / "ai-act-clauses.yaml"
SEVERITIES = ("critical", "major", "warning")
PERFORMERS = {"us": "Us", "vendor": "The vendor", "shared": "Both, as the contract sets out"}

# What a clause condition may read about one covered system (see contracts.facts).
FACT_KEYS = {
    "in_scope": "the AI Act applies to the system",
    "risk_tier": "the system's risk tier (prohibited, high_risk, limited_risk, minimal_risk, out_of_scope)",
    "high_risk": "the system is high-risk",
    "gpai": "the system is, or is built on, a general-purpose AI model",
    "gpai_systemic_risk": "that model has systemic risk",
    "roles": "our roles under the Act (provider, deployer, importer, …)",
    "we_provide": "we are the provider",
    "we_deploy": "we are the deployer",
    "becomes_provider": "an Art 25 ground makes us the provider",
    "conformity_route": "the conformity assessment route",
    "legacy_system": "the Art 111(2) legacy rule applies",
    "system.processes_personal_data": "the system processes personal data",
    "system.in_use": "the system is in use",
    "vendor.established_in_eu": "the vendor is established in the EEA",
    "vendor.conformity_in_progress": "a document of the vendor says its conformity assessment is still in progress",
}


@dataclass(frozen=True)
class Clause:
    code: str
    title: str
    wording: str
    must_contain: tuple[str, ...]
    when: Condition
    severity: str
    citation: str


@dataclass(frozen=True)
class Allocation:
    performed_by: str
    evidence: str


@dataclass(frozen=True)
class VendorDuty:
    code: str
    article: str
    label: str
    evidence: str
    when: Condition
    dated_like: str | None  # the date of this obligation of ours in the result, if any
    applies_from: dt.date | None


@dataclass(frozen=True)
class Library:
    id: str
    version: str
    sha256: str
    clauses: dict[str, Clause]
    default_allocation: Allocation
    allocation: dict[str, Allocation]
    vendor_duties: tuple[VendorDuty, ...]

    def clause(self, code: str) -> Clause | None:
        return self.clauses.get(code)

    def allocation_of(self, obligation_code: str) -> Allocation:
        return self.allocation.get(obligation_code, self.default_allocation)


@functools.cache
def default_library() -> Library:
    return load_library(DEFAULT_LIBRARY_PATH)


def load_library(path: str | Path) -> Library:
    return build_library(*read_yaml(path))


def build_library(data: Any, sha256: str = "") -> Library:
    _mapping(
        data,
        "library",
        ("id", "version", "title", "clauses", "default_allocation", "allocation", "vendor_duties"),
    )
    clauses = [_clause(item, f"clauses[{index}]") for index, item in enumerate(_list(data["clauses"], "clauses"))]
    _unique([clause.code for clause in clauses], "clauses")
    allocation = data["allocation"]
    if not isinstance(allocation, dict):
        raise PackError("allocation: expected a mapping of obligation codes")
    duties = [
        _vendor_duty(item, f"vendor_duties[{i}]")
        for i, item in enumerate(_list(data["vendor_duties"], "vendor_duties"))
    ]
    _unique([duty.code for duty in duties], "vendor_duties")
    return Library(
        id=_text(data, "id", "library"),
        version=str(data["version"]),
        sha256=sha256,
        clauses={clause.code: clause for clause in clauses},
        default_allocation=_allocation(data["default_allocation"], "default_allocation"),
        allocation={str(code): _allocation(value, f"allocation.{code}") for code, value in allocation.items()},
        vendor_duties=tuple(duties),
    )


def _check_key(key: str, place: str) -> None:
    if key not in FACT_KEYS:
        raise PackError(f"{place}: unknown key '{key}' (known: {', '.join(sorted(FACT_KEYS))})")


def _clause(item: Any, place: str) -> Clause:
    _mapping(item, place, ("code", "title", "wording", "must_contain", "when", "severity", "citation"))
    must_contain = _list(item["must_contain"], f"{place}.must_contain")
    if not must_contain or not all(isinstance(entry, str) and entry.strip() for entry in must_contain):
        raise PackError(f"{place}.must_contain: expected a non-empty list of texts")
    return Clause(
        code=_text(item, "code", place),
        title=_text(item, "title", place),
        wording=_text(item, "wording", place).strip(),
        must_contain=tuple(must_contain),
        when=compile_condition(item["when"], f"{place}.when", _check_key),
        severity=_one_of(item["severity"], SEVERITIES, f"{place}.severity", "severity"),
        citation=_text(item, "citation", place),
    )


def _allocation(item: Any, place: str) -> Allocation:
    _mapping(item, place, ("performed_by", "evidence"))
    return Allocation(
        performed_by=_one_of(item["performed_by"], PERFORMERS, f"{place}.performed_by", "performer"),
        evidence=_text(item, "evidence", place),
    )


def _vendor_duty(item: Any, place: str) -> VendorDuty:
    _mapping(item, place, ("code", "article", "label", "evidence", "when"), ("dated_like", "applies_from"))
    article = _text(item, "article", place)
    if not article.startswith("Art ") or not article[4:5].isdigit():
        raise PackError(f"{place}.article: must begin 'Art <number>', got '{article}'")
    applies_from = item.get("applies_from")
    if applies_from is not None and parse_date(applies_from) is None:
        raise PackError(f"{place}.applies_from: expected a date YYYY-MM-DD")
    dated_like = item.get("dated_like")
    if dated_like is not None and not isinstance(dated_like, str):
        raise PackError(f"{place}.dated_like: expected an obligation code")
    return VendorDuty(
        code=_text(item, "code", place),
        article=article,
        label=_text(item, "label", place),
        evidence=_text(item, "evidence", place),
        when=compile_condition(item["when"], f"{place}.when", _check_key),
        dated_like=dated_like,
        applies_from=parse_date(applies_from) if applies_from is not None else None,
    )
