"""The duties catalogue: the shipped YAML loads, and every kind of mistake stops loading with its place named."""

import re

import pytest
import yaml

from assessments.conditions import PackError
from assessments.rulepack import default_pack
from duties.catalogue import CATALOGUE_PATH, DUTY_FLAGS, RECORD_KINDS, default_catalogue, load_catalogue


def load_with(tmp_path, change):
    data = yaml.safe_load(CATALOGUE_PATH.read_text())
    change(data)
    path = tmp_path / "duties.yaml"
    path.write_text(yaml.safe_dump(data))
    return load_catalogue(path, default_pack())


def test_the_shipped_catalogue_loads_and_names_its_rule_pack():
    catalogue = default_catalogue()
    assert catalogue.rule_pack == default_pack().id and catalogue.version
    assert {spec.record for spec in catalogue.duties.values()} <= set(RECORD_KINDS)
    pre_use = {code: spec.red_flag for code, spec in catalogue.duties.items() if spec.pre_use}
    assert pre_use == {
        "human_oversight": "no_human_oversight_assigned",
        "workers_informed": "workers_not_informed_before_use",
        "fria": "fria_missing_before_use",
        "public_registration": "public_registration_missing",
    }
    assert not catalogue.duties["public_registration"].acceptable  # Art 26(8): no use while unregistered
    assert set(pre_use.values()) <= set(DUTY_FLAGS)


def first(data):
    return data["duties"][0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: first(d).update(when={"equals": ["result.nonsense", True]}), "unknown key 'result.nonsense'"),
        (lambda d: first(d).update(when={"xor": ["result.fria_required"]}), "unknown condition operator 'xor'"),
        (lambda d: first(d).update(obligation="provider_obligations"), "not an obligation the pack gives a deployer"),
        (lambda d: first(d).update(record="essay"), "unknown record kind 'essay'"),
        (lambda d: first(d).update(pre_use=True), "names the red flag"),
        (lambda d: first(d).update(red_flag="made_up"), "unknown red flag 'made_up'"),
        (lambda d: first(d).update(cadence_months=0), "between 1 and 60"),
        (lambda d: first(d).update(cadence_months="yearly"), "between 1 and 60"),
        (lambda d: first(d).update(pre_use="yes"), "expected true or false"),
        (lambda d: first(d).update(colour="red"), "unknown field 'colour'"),
        (lambda d: first(d).pop("article"), "missing field 'article'"),
        (lambda d: first(d).update(label=" "), "duties[0].label: expected text"),
        (lambda d: d["duties"].append(dict(first(d))), "duplicate code 'use_per_instructions'"),
        (lambda d: d.update(rule_pack="other-pack"), "is not the rule pack"),
        (lambda d: d.update(duties=[]), "non-empty list"),
    ],
)
def test_mistakes_stop_loading_with_their_place(tmp_path, change, message):
    with pytest.raises(PackError, match=re.escape(message)):
        load_with(tmp_path, change)


def test_not_yaml_is_refused(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("duties: [unclosed\n")
    with pytest.raises(PackError, match="not valid YAML"):
        load_catalogue(path, default_pack())


def test_conditions_may_read_the_packs_questions(tmp_path):
    catalogue = load_with(tmp_path, lambda d: first(d).update(when="org.is_public_authority"))
    assert catalogue.duties["use_per_instructions"].when.keys == frozenset({"org.is_public_authority"})
