"""Red flags: rules, each a predicate over facts computed once per subject, in an open registry.

A subject is an AI system (its classification, its documents and their recorded facts,
its vendor) or a vendor (its vendor-level documents). `compliance.services.red_flags_reevaluate_*`
compares what fires with the live flags, opens new ones and resolves cleared ones.

Public interface for other apps:

    from compliance.red_flags import RedFlagRule, register_rule, register_facts_loader, SYSTEM, VENDOR

    register_rule(RedFlagRule(code=..., severity=Severity.MAJOR, citation=..., message=..., action=...,
                              applies=predicate, scopes=(SYSTEM,), reads=("vendor.country",)))
    register_facts_loader("contracts", loader)   # loader(organisation, systems, vendors) -> {subject key: value}

`facts.extra[name]` is the loader's value for the subject (None when it gave none); subject
keys are `compliance.models.subject_key_of(ai_system=...)` / `subject_key_of(vendor=...)`.
`reads` lists the registry fields a predicate reads (see `registry`): an edit of a vendor,
system or GPAI model re-evaluates flags only when it changed one of them.

Layout: `facts` (what the rules read), `registry` (the rule and loader registry), `rules`
(compliance's own rules, registered on import).
"""

from compliance.red_flags.facts import SYSTEM, VENDOR, Facts, add_years, normalise_notified_body_number
from compliance.red_flags.registry import (
    FACTS_READ,
    RedFlagRule,
    fields_read,
    firing_rules,
    load_extra,
    reads_any,
    register_facts_loader,
    register_rule,
    registered_rules,
    rule_for,
)
from compliance.red_flags.rules import RULES

__all__ = [
    "FACTS_READ",
    "RULES",
    "SYSTEM",
    "VENDOR",
    "Facts",
    "RedFlagRule",
    "add_years",
    "fields_read",
    "firing_rules",
    "load_extra",
    "normalise_notified_body_number",
    "reads_any",
    "register_facts_loader",
    "register_rule",
    "registered_rules",
    "rule_for",
]
