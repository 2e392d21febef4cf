"""Loading refuses broken rule packs with a message naming the place; the bundled pack loads."""

from __future__ import annotations

import copy
import hashlib
import io

import pytest
import yaml
from django.core.management import call_command

from assessments.rulepack import (
    DEFAULT_PACK_PATH,
    PackError,
    PackProblems,
    check_retained_packs,
    default_pack,
    load_pack,
    pack_by_version,
    retained_packs,
)

BUNDLED = yaml.safe_load(DEFAULT_PACK_PATH.read_text())


def write(tmp_path, data) -> str:
    path = tmp_path / "pack.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return str(path)


def broken(tmp_path, change) -> str:
    """The message of the PackError raised for the bundled pack after `change(data)`."""
    data = copy.deepcopy(BUNDLED)
    change(data)
    with pytest.raises(PackError) as caught:
        load_pack(write(tmp_path, data))
    return str(caught.value)


def rule_index(data, rule_id: str) -> int:
    return next(index for index, rule in enumerate(data["rules"]) if rule["id"] == rule_id)


def question(data, question_id: str) -> dict:
    return next(item for item in data["questions"] if item["id"] == question_id)


def test_the_bundled_pack_validates_and_hashes_its_file_bytes():
    pack = default_pack()
    assert (pack.id, pack.timeline_names) == ("eu-ai-act", ("omnibus-2026", "original"))
    assert pack.sha256 == hashlib.sha256(DEFAULT_PACK_PATH.read_bytes()).hexdigest()
    assert [section.id for section in pack.sections] == [
        "scope",
        "prohibited",
        "use_case",
        "transparency",
        "gpai",
        "organisation",
        "emotion",
        "history",
    ]


def test_the_bundled_pack_round_trips_through_yaml(tmp_path):
    assert len(load_pack(write(tmp_path, BUNDLED)).rules) == len(default_pack().rules)


def test_every_contract_document_type_is_described_with_a_checklist():
    codes = [
        "eu_declaration_of_conformity",
        "ce_marking_evidence",
        "technical_documentation_summary",
        "notified_body_certificate",
        "qms_certificate",
        "harmonised_standards_list",
        "eu_database_registration",
        "instructions_for_use",
        "eu_authorised_representative_mandate",
        "art6_3_assessment",
        "fria",
        "dpia",
        "data_processing_agreement",
        "soc2_report",
        "gpai_downstream_documentation",
        "gpai_training_data_summary",
        "gpai_copyright_policy",
        "gpai_code_of_practice_status",
        "gpai_ai_office_notification",
        "sandbox_exit_report",
        "modification_log",
    ]
    documents = default_pack().document_types
    assert list(documents) == codes
    assert {code for code, d in documents.items() if d.scope == "vendor"} == {
        "data_processing_agreement",
        "soc2_report",
        "eu_authorised_representative_mandate",
    }
    assert all(document.checklist for document in documents.values())


def test_an_unknown_top_level_field_is_refused(tmp_path):
    assert broken(tmp_path, lambda d: d.update(colour="red")) == "pack: unknown field 'colour'"


def test_an_unknown_field_in_a_rule_is_refused(tmp_path):
    assert broken(tmp_path, lambda d: d["rules"][3].update(note="x")) == "rules[3]: unknown field 'note'"


def test_a_dangling_question_id_in_a_condition_is_refused(tmp_path):
    def change(data):
        data["rules"][12]["when"] = {"equals": ["system.foo", True]}

    assert broken(tmp_path, change) == "rules[12].when.equals: unknown question 'system.foo'"


def test_a_fact_read_before_any_rule_sets_it_is_refused(tmp_path):
    def change(data):
        data["rules"][0]["when"] = "fact.high_risk"

    assert "rules[0].when: unknown fact 'fact.high_risk'" in broken(tmp_path, change)


def test_an_unknown_condition_operator_is_refused(tmp_path):
    def change(data):
        data["rules"][2]["when"] = {"xor": ["system.deep_fake", "system.is_ai_system"]}

    assert broken(tmp_path, change) == "rules[2].when: unknown condition operator 'xor'"


def test_an_unknown_timeline_key_is_refused(tmp_path):
    def change(data):
        data["obligations"][0]["timeline"] = "someday"

    assert broken(tmp_path, change) == "obligations[0].timeline: unknown timeline key 'someday'"


def test_an_option_on_an_unknown_timeline_is_refused(tmp_path):
    def change(data):
        question(data, "system.prohibited_practices")["options"][2]["timelines"] = ["omnibus-2030"]

    message = broken(tmp_path, change)
    assert message.startswith("questions[4] (system.prohibited_practices).options[2].timelines: unknown timeline")


def test_timelines_with_different_keys_are_refused(tmp_path):
    assert "timelines.original: keys differ" in broken(tmp_path, lambda d: d["timelines"]["original"].pop("gpai"))


def test_a_show_if_cycle_is_refused(tmp_path):
    def change(data):
        question(data, "system.annex_i_safety_component")["show_if"] = "system.annex_i_third_party_assessment"

    message = broken(tmp_path, change)
    assert ".show_if: cycle" in message and "system.annex_i_safety_component" in message


def test_an_unknown_document_code_is_refused(tmp_path):
    index = None

    def change(data):
        nonlocal index
        index = rule_index(data, "documents.high_risk")
        data["rules"][index]["then"]["add"]["required_documents"].append("passport")

    message = broken(tmp_path, change)
    assert message == f"rules[{index}].then.add.required_documents: unknown value 'passport'"


def test_an_obligation_article_must_begin_with_art(tmp_path):
    def change(data):
        data["obligations"][0]["article"] = "Article 4"

    assert broken(tmp_path, change).startswith("obligations[0].article: must begin 'Art <number>'")


def test_invalid_yaml_is_refused(tmp_path):
    path = tmp_path / "pack.yaml"
    path.write_text("id: [unclosed")
    with pytest.raises(PackError, match="not valid YAML"):
        load_pack(path)


def test_the_rulepack_check_command_accepts_the_bundled_pack():
    stdout = io.StringIO()
    call_command("rulepack", "check", str(DEFAULT_PACK_PATH), stdout=stdout)
    pack = default_pack()
    assert stdout.getvalue().strip() == f"ok: {pack.id} {pack.version} sha256={pack.sha256}"


def test_the_rulepack_check_command_checks_every_retained_pack_by_default():
    stdout = io.StringIO()
    call_command("rulepack", "check", stdout=stdout)
    assert stdout.getvalue().splitlines() == [
        f"ok: {pack.id} {pack.version} sha256={pack.sha256}" for pack in retained_packs()
    ]
    assert [pack.version for pack in retained_packs()] == ["2026.2", "2026.3"]


def test_every_problem_of_a_pack_is_reported_not_only_the_first(tmp_path):
    data = copy.deepcopy(BUNDLED)
    data["rules"][0]["when"] = {"xor": []}
    data["obligations"][0]["article"] = "Article 4"
    question(data, "system.annex_iii_points")["type"] = "list"
    with pytest.raises(PackProblems) as caught:
        load_pack(write(tmp_path, data))
    problems = caught.value.problems
    assert any("unknown condition operator 'xor'" in problem for problem in problems)
    assert any(problem.startswith("obligations[0].article: must begin") for problem in problems)
    assert any("unknown question type 'list'" in problem for problem in problems)


def test_the_check_command_reports_every_problem_of_every_pack_it_is_given(tmp_path):
    first, second = copy.deepcopy(BUNDLED), copy.deepcopy(BUNDLED)
    first["rules"][0]["when"] = {"xor": []}
    second["obligations"][0]["article"] = "Article 4"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    paths = [write(tmp_path / "a", first), write(tmp_path / "b", second)]
    stderr = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("rulepack", "check", *paths, stderr=stderr)
    assert exit_.value.code == 1
    assert "unknown condition operator 'xor'" in stderr.getvalue()
    assert "must begin 'Art <number>'" in stderr.getvalue()


def test_a_pack_file_named_for_another_version_is_reported(tmp_path):
    path = tmp_path / "eu-ai-act-2099.1.yaml"
    path.write_text(DEFAULT_PACK_PATH.read_text())
    _packs, problems = check_retained_packs([path])
    assert problems == [
        f"eu-ai-act-2099.1.yaml: version '{default_pack().version}' does not match the file name ('2099.1')"
    ]


def test_the_released_2026_2_pack_is_kept_byte_for_byte():
    """Saved classifications pinned its SHA-256: changing one byte would orphan them."""
    pack = pack_by_version("2026.2")
    assert pack.sha256 == "9be1c43634e566ab4e0073fb51b9682116d46b91fca7911208b39bb2eaf333d4"


def test_the_rulepack_check_command_fails_with_the_message(tmp_path):
    data = copy.deepcopy(BUNDLED)
    data["rules"][0]["when"] = {"xor": []}
    stderr = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("rulepack", "check", write(tmp_path, data), stderr=stderr)
    assert exit_.value.code == 1
    assert "unknown condition operator 'xor'" in stderr.getvalue()
