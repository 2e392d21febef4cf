"""Later apps add red-flag rules and the facts they need through the registry, without editing compliance."""
# Scratch codes: the contracts app registers the real contract_missing rule and "contracts" loader at start-up.

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from compliance import services
from compliance.models import FlagState, RedFlag, Severity, subject_key_of
from compliance.red_flags import SYSTEM, VENDOR, RedFlagRule, register_facts_loader, register_rule, registry
from tests.factories import AiSystemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scratch_registry(monkeypatch):
    """Rules and loaders registered in the test vanish after it."""
    monkeypatch.setattr(registry, "_RULES", dict(registry._RULES))
    monkeypatch.setattr(registry, "_LOADERS", dict(registry._LOADERS))


def rule(code="scratch_contract_missing", applies=lambda facts: True, **fields) -> RedFlagRule:
    return RedFlagRule(
        code=code,
        severity=fields.pop("severity", Severity.MAJOR),
        citation="Art 25(4), Art 26",
        message="No contract covers this system.",
        action="Agree a contract with the vendor.",
        applies=applies,
        **fields,
    )


def test_a_code_registered_twice_stops_start_up(scratch_registry):
    register_rule(rule())
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        register_rule(rule())


def test_a_built_in_code_cannot_be_taken_over(scratch_registry):
    with pytest.raises(ImproperlyConfigured, match="declaration_missing"):
        register_rule(rule("declaration_missing"))


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"severity": "fatal"}, "severity"),
        ({"scopes": ("organisation",)}, "scopes"),
        ({"reads": ("contract.signed_on",)}, "reads"),
    ],
)
def test_an_ill_formed_rule_is_refused(scratch_registry, fields, problem):
    with pytest.raises(ImproperlyConfigured, match=problem):
        register_rule(rule(**fields))


def test_a_loader_registered_twice_stops_start_up(scratch_registry):
    register_facts_loader("scratch_contracts", lambda organisation, systems, vendors: {})
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        register_facts_loader("scratch_contracts", lambda organisation, systems, vendors: {})


def test_an_upper_apps_rule_reads_its_facts_and_opens_and_resolves_its_flag(scratch_registry, system):
    contracts = {subject_key_of(ai_system=system): None}
    register_facts_loader("scratch_contracts", lambda organisation, systems, vendors: contracts)
    register_rule(rule(applies=lambda facts: facts.extra["scratch_contracts"] is None, scopes=(SYSTEM,)))

    services.red_flags_reevaluate_system(system)
    flag = RedFlag.objects.get(ai_system=system, code="scratch_contract_missing")
    assert (flag.state, flag.severity, flag.citation) == (FlagState.OPEN, Severity.MAJOR, "Art 25(4), Art 26")

    contracts[subject_key_of(ai_system=system)] = "signed"
    services.red_flags_reevaluate_system(system)
    flag.refresh_from_db()
    assert flag.state == FlagState.RESOLVED


def test_a_loader_runs_once_per_batch_and_a_subject_it_skips_sees_none(scratch_registry, organisation, vendor):
    systems = AiSystemFactory.create_batch(3, vendor=vendor)
    calls = []

    def loader(organisation, systems, vendors):
        calls.append((len(systems), len(vendors)))
        return {subject_key_of(ai_system=systems[0]): "first only"}

    seen = {}

    def remember(facts):
        seen[facts.system.pk if facts.system else "vendor"] = facts.extra["scratch_contracts"]
        return False

    register_facts_loader("scratch_contracts", loader)
    register_rule(rule(applies=remember, scopes=(SYSTEM, VENDOR)))

    services.red_flags_reevaluate_organisation(organisation)

    assert calls == [(3, 1)]
    assert seen == {systems[0].pk: "first only", systems[1].pk: None, systems[2].pk: None, "vendor": None}
