"""The open registry of red-flag rules and of the facts loaders their predicates need.

A rule is registered once, by code; a later app (contracts, deployer duties, procurement)
adds its own in its AppConfig.ready() without touching compliance's table. A code
registered twice stops start-up (ImproperlyConfigured), so two apps cannot silently shadow
each other's flags.

`reads` names the registry fields a predicate looks at, as "<model>.<field>" with the
model one of `vendor`, `ai_system`, `gpai_model` (e.g. "vendor.country"). An edit of a
vendor, system or GPAI model re-evaluates flags only when it changed a field some rule
reads (or one the facts themselves depend on, `FACTS_READ`), so a notes edit costs
nothing. A rule that reads only documents, classifications or its own app's rows (through
a facts loader) declares nothing: its app re-evaluates after its own writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from compliance.models import Severity, subject_key_of
from compliance.red_flags.facts import SYSTEM, VENDOR, Facts

# Registry fields every evaluation depends on whatever the rules: which documents a system needs
# (personal data → a data processing agreement), whose vendor and model its facts read.
FACTS_READ = frozenset({"ai_system.processes_personal_data", "ai_system.vendor", "ai_system.gpai_model"})
REGISTRY_MODELS = ("vendor", "ai_system", "gpai_model")


@dataclass(frozen=True)
class RedFlagRule:
    code: str
    severity: str  # compliance.models.Severity
    citation: str
    message: str  # what is wrong, in plain words
    action: str  # what to do about it
    applies: Callable[[Facts], bool]
    scopes: tuple[str, ...] = (SYSTEM,)  # SYSTEM and/or VENDOR
    reads: tuple[str, ...] = ()  # registry fields the predicate reads, e.g. ("vendor.country",)


# loader(organisation, systems, vendors) -> {subject key: value}
FactsLoader = Callable[[Any, list, list], dict[str, Any]]

_RULES: dict[str, RedFlagRule] = {}
_LOADERS: dict[str, FactsLoader] = {}


def _check(rule: RedFlagRule) -> None:
    problems = []
    if rule.severity not in Severity.values:
        problems.append(f"severity {rule.severity!r} is not one of {Severity.values}")
    if not rule.scopes or not set(rule.scopes) <= {SYSTEM, VENDOR}:
        problems.append(f"scopes {rule.scopes!r} must be SYSTEM and/or VENDOR")
    for name in rule.reads:
        model, _, field = name.partition(".")
        if model not in REGISTRY_MODELS or not field:
            problems.append(f"reads {name!r} is not <vendor|ai_system|gpai_model>.<field>")
    if not (rule.message.strip() and rule.action.strip() and rule.citation.strip()):
        problems.append("message, action and citation are required")
    if problems:
        raise ImproperlyConfigured(f"Red-flag rule {rule.code!r}: " + "; ".join(problems))


def register_rule(rule: RedFlagRule) -> RedFlagRule:
    """Add a rule; a code registered twice (or an ill-formed rule) is an error at start-up."""
    if rule.code in _RULES:
        raise ImproperlyConfigured(f"The red-flag rule {rule.code!r} is registered twice.")
    _check(rule)
    _RULES[rule.code] = rule
    return rule


def register_facts_loader(name: str, loader: FactsLoader) -> FactsLoader:
    """Add the facts `facts.extra[name]` that an app's predicates need, loaded in bulk per evaluation batch."""
    if name in _LOADERS:
        raise ImproperlyConfigured(f"The red-flag facts loader {name!r} is registered twice.")
    _LOADERS[name] = loader
    return loader


def registered_rules() -> list[RedFlagRule]:
    """Every rule, in registration order (compliance's own first, then the apps to its right)."""
    return list(_RULES.values())


def registered_loaders() -> list[str]:
    """The names of the registered facts loaders (each reads its facts once per evaluation batch)."""
    return list(_LOADERS)


def rule_for(code: str) -> RedFlagRule | None:
    return _RULES.get(code)


def firing_rules(facts: Facts) -> list[RedFlagRule]:
    return [rule for rule in _RULES.values() if facts.scope in rule.scopes and rule.applies(facts)]


def fields_read() -> frozenset[str]:
    """Every registry field some rule (or the facts themselves) reads."""
    return FACTS_READ.union(*(rule.reads for rule in _RULES.values()))


def reads_any(model: str, fields: Iterable[str]) -> bool:
    """Whether changing these fields of a `model` ("vendor", "ai_system", "gpai_model") can change a flag."""
    read = fields_read()
    return any(f"{model}.{field}" in read for field in fields)


def load_extra(organisation, systems: list, vendors: list) -> dict[str, dict[str, Any]]:
    """Subject key → {loader name: value} for the subjects of one batch: one call per loader."""
    keys = [subject_key_of(ai_system=s) for s in systems] + [subject_key_of(vendor=v) for v in vendors]
    extra: dict[str, dict[str, Any]] = {key: dict.fromkeys(_LOADERS) for key in keys}
    if not keys:
        return extra
    for name, loader in _LOADERS.items():
        for key, value in (loader(organisation, systems, vendors) or {}).items():
            if key in extra:
                extra[key][name] = value
    return extra
