"""Every rule of the bundled pack fires for one answer set and stays silent for a near one.

EXAMPLES maps each rule id to (answers where it fires, answers where it does not); a
rule added to the pack without examples fails `test_every_rule_has_examples`.
"""

from __future__ import annotations

import pytest

from assessments import engine
from assessments.rulepack import default_pack

PACK = default_pack()
PROVIDER = {"org.develops_or_commissions": True, "org.markets_under_own_name": True}
DEPLOYER = {"org.uses_under_own_authority": True}
EXEMPT = {
    "system.annex_iii_points": ["4a"],
    "system.art6_3_conditions": ["preparatory_task"],
    "system.art6_3_no_significant_risk": True,
}
GPAI = {"model.is_gpai": True}
SAFETY = {"system.annex_i_safety_component": True, "system.annex_i_third_party_assessment": True}
NON_EU_VENDOR = {"vendor.established_in_eu": False}


def points(*values: str) -> dict:
    return {"system.annex_iii_points": list(values)}


def practices(*values: str) -> dict:
    return {"system.prohibited_practices": list(values)}


def modified(original: float | None, modification: float | None) -> dict:
    answers = {**GPAI, "org.modifies_gpai_model": True}
    if original is not None:
        answers["model.training_compute_flop"] = original
    if modification is not None:
        answers["org.modification_compute_flop"] = modification
    return answers


def _annex_iii_examples() -> dict:
    values = [option.value for option in PACK.questions["system.annex_iii_points"].options]
    return {f"annex_iii.{p}": (points(p), points(values[values.index(p) - 1])) for p in values}


def _prohibited_examples() -> dict:
    return {
        f"prohibited.{p}": (practices(p), practices("5_1_a" if p != "5_1_a" else "5_1_b"))
        for p in [option.value for option in PACK.questions["system.prohibited_practices"].options]
    }


EXAMPLES = {
    "scope.not_an_ai_system": ({"system.is_ai_system": False}, {}),
    "scope.no_eu_nexus": ({"system.eu_nexus": False}, {}),
    "scope.military_defence_security": ({"system.scope_exclusion": "military_defence_security"}, {}),
    "scope.scientific_research_only": ({"system.scope_exclusion": "scientific_research_only"}, {}),
    "scope.pre_market_research_testing": ({"system.scope_exclusion": "pre_market_research_testing"}, {}),
    "scope.personal_non_professional_use": ({"system.scope_exclusion": "personal_non_professional"}, {}),
    **_prohibited_examples(),
    **_annex_iii_examples(),
    "inference.public_authority_use_case": (points("5a"), points("5b")),
    "inference.law_enforcement_use_case": (points("6e"), points("5a")),
    "inference.biometric_transparency": (points("1c"), points("1a")),
    "inference.law_enforcement_deployer": (
        {**DEPLOYER, **points("1b"), "org.law_enforcement_or_border_context": True},
        {**points("1b"), "org.law_enforcement_or_border_context": True},
    ),
    "inference.public_authority_deployer_system": (
        {**DEPLOYER, **points("4a"), "org.is_public_authority": True},
        {**points("4a"), "org.is_public_authority": True},
    ),
    "inference.emotions_of_workers": (
        {**DEPLOYER, **points("1c"), "org.is_employer_using_at_workplace": True},
        {**DEPLOYER, **points("1c")},
    ),
    "public_sector.public_authority": ({"org.is_public_authority": True}, {}),
    "public_sector.public_body_or_public_service": ({"org.public_body_or_public_service": True}, {}),
    "public_sector.law_enforcement_context": ({**points("4a"), "org.law_enforcement_or_border_context": True}, {}),
    "prohibited.5_1_f_emotions_at_work_or_education": (
        {"system.infers_emotions_at_work_or_education": True},
        {"system.infers_emotions_at_work_or_education": True, "system.medical_or_safety_purpose": True},
    ),
    "prohibited.5_1_f_medical_or_safety_exception": (
        {"system.infers_emotions_at_work_or_education": True, "system.medical_or_safety_purpose": True},
        {"system.infers_emotions_at_work_or_education": True},
    ),
    "annex_i.non_safety_use_only": (
        {**SAFETY, "system.annex_i_non_safety_use_only": True},
        SAFETY,
    ),
    "annex_i.third_party_assessment_for_other_risks_only": (
        {**SAFETY, "system.annex_i_third_party_non_safety_only": True},
        {"system.annex_i_safety_component": True, "system.annex_i_third_party_non_safety_only": True},
    ),
    "roles.no_importer_outside_the_union": (
        {"org.imports_third_country_system": True, "org.established_in_eu": False},
        {"org.imports_third_country_system": True},
    ),
    "legacy.cut_off_annex_iii": (points("4a"), SAFETY),
    "legacy.cut_off_annex_i": (SAFETY, {**SAFETY, **points("4a")}),
    "legacy.changed_since": (
        {**points("4a"), "system.significant_design_change_since": True},
        {"system.significant_design_change_since": True},
    ),
    "legacy.system": (
        {**points("4a"), "system.placed_on_market_on": "2025-01-01"},
        {**points("4a"), "system.placed_on_market_on": "2027-12-02"},
    ),
    "legacy.exempt": (
        {**points("4a"), "system.placed_on_market_on": "2025-01-01"},
        {**points("5a"), "system.placed_on_market_on": "2025-01-01"},
    ),
    "legacy.public_authorities_2030": (
        {**points("5a"), "system.placed_on_market_on": "2025-01-01"},
        {**points("4a"), "system.placed_on_market_on": "2025-01-01"},
    ),
    "transparency.50_2_grace": (
        {**PROVIDER, "system.generates_synthetic_content": True, "system.placed_on_market_on": "2026-08-01"},
        {**PROVIDER, "system.generates_synthetic_content": True, "system.placed_on_market_on": "2026-08-02"},
    ),
    "gpai.code_of_practice_signed": (
        {**GPAI, "model.signed_code_of_practice": "yes"},
        {**GPAI, "model.signed_code_of_practice": "no"},
    ),
    "art6_3.profiling_override": ({**points("4a"), "system.profiles_natural_persons": True}, points("4a")),
    "art6_3.exempt": (EXEMPT, {**EXEMPT, "system.profiles_natural_persons": True}),
    "annex_iii.high_risk": (points("4a"), EXEMPT),
    "conformity.biometrics_full_standards": (
        {**points("1a"), "system.harmonised_standards": "full"},
        {**points("1a"), "system.harmonised_standards": "partial"},
    ),
    "conformity.biometrics_notified_body": (
        {**points("1a"), "system.harmonised_standards": "partial"},
        {**points("1a"), "system.harmonised_standards": "full"},
    ),
    "conformity.internal_control": (points("4a"), points("1a")),
    "conformity.annex_i_sectoral": (SAFETY, {**SAFETY, **practices("5_1_a")}),
    "annex_i.no_third_party_assessment": ({"system.annex_i_safety_component": True}, SAFETY),
    "annex_i.carve_outs_not_on_original_timeline": (
        ({**SAFETY, "system.annex_i_non_safety_use_only": True}, "original"),
        {**SAFETY, "system.annex_i_non_safety_use_only": True},
    ),
    "annex_i.section_a": (SAFETY, {**SAFETY, "system.annex_i_section": "B"}),
    "annex_i.section_b": (
        {**SAFETY, "system.annex_i_section": "B"},
        {**SAFETY, "system.annex_i_section": "B", **points("4a")},
    ),
    "transparency.50_1": ({"system.interacts_with_persons": True}, {}),
    "transparency.50_2": ({"system.generates_synthetic_content": True}, {}),
    "transparency.50_3": ({"system.emotion_recognition_or_biometric_categorisation": True}, {}),
    "transparency.50_4_deep_fake": ({"system.deep_fake": True}, {}),
    "transparency.50_4_text": ({"system.public_interest_text": True}, {}),
    "gpai.model": (GPAI, {}),
    "gpai.systemic_designated": ({**GPAI, "model.commission_designated_systemic_risk": True}, GPAI),
    "gpai.systemic_high_impact": ({**GPAI, "model.high_impact_capabilities": True}, GPAI),
    "gpai.systemic_compute": (
        {**GPAI, "model.training_compute_flop": 2e25},
        {**GPAI, "model.training_compute_flop": 1e25},
    ),
    "gpai.modification_threshold_from_compute": (modified(6e24, None), modified(None, None)),
    "gpai.modification_threshold_systemic_fallback": (
        {**modified(None, None), "model.commission_designated_systemic_risk": True},
        modified(None, None),
    ),
    "gpai.modification_threshold_general_fallback": (
        modified(None, None),
        {**modified(None, None), "model.commission_designated_systemic_risk": True},
    ),
    "gpai.modification_over_one_third": (modified(6e24, 3e24), modified(6e24, 2e24)),
    "gpai.modified_model_compute": (modified(6e24, 1e24), modified(None, 1e24)),
    "gpai.modified_model_systemic": (modified(9e24, 4e24), modified(9e24, 2e24)),
    "gpai.open_weights_without_systemic_risk": (
        {**GPAI, "model.open_source_public_weights": True},
        {**GPAI, "model.open_source_public_weights": True, "model.training_compute_flop": 2e25},
    ),
    "gpai.placed_before_august_2025": (
        {**GPAI, "model.placed_on_market_on": "2025-08-01"},
        {**GPAI, "model.placed_on_market_on": "2025-08-02"},
    ),
    "scope.open_source_system": (
        {"system.open_source_free_licence": True},
        {"system.open_source_free_licence": True, **GPAI},
    ),
    "provider.art25_1_a": (
        {**points("5b"), "org.rebrands_high_risk_system": True},
        {"org.rebrands_high_risk_system": True},
    ),
    "provider.art25_1_b": ({**points("4a"), "org.substantially_modifies": True}, {"org.substantially_modifies": True}),
    "provider.art25_1_c": (
        {**points("4a"), "org.changes_purpose_to_high_risk": True},
        {"org.changes_purpose_to_high_risk": True},
    ),
    "provider.art25_3": (
        {**SAFETY, "org.product_manufacturer_own_name": True},
        {**SAFETY, "system.annex_i_section": "B", "org.product_manufacturer_own_name": True},
    ),
    "roles.provider": (PROVIDER, {"org.develops_or_commissions": True}),
    "roles.provider_by_article_25": ({**points("5b"), "org.rebrands_high_risk_system": True}, points("5b")),
    "roles.deployer": (DEPLOYER, {**DEPLOYER, "system.scope_exclusion": "personal_non_professional"}),
    "roles.importer": (
        {"org.imports_third_country_system": True},
        {"org.imports_third_country_system": True, **PROVIDER},
    ),
    "roles.distributor": (
        {"org.distributes": True},
        {"org.distributes": True, **points("5b"), "org.rebrands_high_risk_system": True},
    ),
    "roles.authorised_representative": ({"org.is_authorised_representative": True}, {}),
    "roles.product_manufacturer": (
        {"system.annex_i_safety_component": True, "org.product_manufacturer_own_name": True},
        {"system.annex_i_safety_component": True},
    ),
    "roles.gpai_model_provider": (
        {**PROVIDER, **GPAI},
        {**PROVIDER, **GPAI, "model.integrated_from_third_party": True},
    ),
    "fria.public_body_or_service": (
        {**DEPLOYER, **points("5a")},
        {**DEPLOYER, **points("2"), "org.public_body_or_public_service": True},
    ),
    "fria.credit_or_insurance": ({**DEPLOYER, **points("5c")}, points("5c")),
    "registration.provider_annex_iii": ({**PROVIDER, **points("4a")}, {**PROVIDER, **points("2")}),
    "registration.provider_critical_infrastructure": ({**PROVIDER, **points("2")}, {**DEPLOYER, **points("2")}),
    "registration.provider_art6_3_exempt": ({**PROVIDER, **EXEMPT}, {**DEPLOYER, **EXEMPT}),
    "registration.public_authority_deployer": ({**DEPLOYER, **points("6a")}, {**DEPLOYER, **points("4a")}),
    "registration.restricted": ({**points("1a"), "org.law_enforcement_or_border_context": True}, points("1a")),
    "documents.high_risk": (points("4a"), EXEMPT),
    "documents.notified_body": (points("1a"), {**points("1a"), "system.harmonised_standards": "full"}),
    "documents.harmonised_standards": ({**points("4a"), "system.harmonised_standards": "partial"}, points("4a")),
    "documents.database_registration": (points("4a"), points("2")),
    "documents.dpia": (
        {**DEPLOYER, **points("4a"), "system.profiles_natural_persons": True},
        {**DEPLOYER, **points("4a")},
    ),
    "documents.authorised_representative_high_risk": ({**points("4a"), **NON_EU_VENDOR}, points("4a")),
    "documents.authorised_representative_gpai": (
        {**GPAI, **NON_EU_VENDOR},
        {**GPAI, **NON_EU_VENDOR, "model.open_source_public_weights": True},
    ),
    "documents.gpai_model": (GPAI, {}),
    "documents.gpai_systemic": (
        {**GPAI, "model.training_compute_flop": 2e25},
        {**GPAI, "model.training_compute_flop": 1e24},
    ),
    "documents.gpai_downstream": (
        {**PROVIDER, **GPAI, "model.integrated_from_third_party": True},
        {**PROVIDER, **GPAI},
    ),
    "documents.modification_log_system": ({"org.substantially_modifies": True}, {}),
    "documents.modification_log_gpai": ({**GPAI, "org.modifies_gpai_model": True}, GPAI),
}

TIMELINE = PACK.default_timeline


def fired(example: dict | tuple[dict, str]) -> dict[str, bool]:
    """The verdict of every rule for an example: answers, or (answers, timeline) for another timeline."""
    answers, timeline = example if isinstance(example, tuple) else (example, TIMELINE)
    assert engine.validate_answers(PACK, answers, timeline) == {}
    trace = engine.evaluate(PACK, answers, timeline).to_dict()["trace"]
    return {entry["rule"]: entry["fired"] for entry in trace}


def classify(answers: dict, timeline: str = TIMELINE) -> dict:
    assert engine.validate_answers(PACK, answers, timeline) == {}
    return engine.evaluate(PACK, answers, timeline).to_dict()


def articles(result: dict) -> set[str]:
    return {obligation["article"] for obligation in result["obligations"]}


@pytest.mark.parametrize("rule_id", [rule.id for rule in PACK.rules])
def test_every_rule_has_examples(rule_id):
    assert rule_id in EXAMPLES, f"add a positive and a negative example for {rule_id}"


@pytest.mark.parametrize("rule_id", sorted(EXAMPLES))
def test_the_rule_fires_for_its_positive_example(rule_id):
    assert fired(EXAMPLES[rule_id][0]).get(rule_id) is True


@pytest.mark.parametrize("rule_id", sorted(EXAMPLES))
def test_the_rule_stays_silent_for_its_negative_example(rule_id):
    assert fired(EXAMPLES[rule_id][1]).get(rule_id, False) is False


def test_examples_name_only_rules_of_the_pack():
    assert set(EXAMPLES) <= {rule.id for rule in PACK.rules}


def test_a_fired_rule_explains_itself_with_its_citation():
    entry = next(e for e in classify(points("4a"))["trace"] if e["rule"] == "annex_iii.4a")
    assert entry["because"][0] == "system.annex_iii_points contains 4a"
    assert entry["citation"] == "Art 6(2), Annex III point 4(a)"


def test_the_trace_names_the_defaults_used():
    defaults = classify({})["trace"][0]
    assert defaults["rule"] == "defaults"
    assert "system.is_ai_system not answered: default true used" in defaults["because"]


def test_the_trace_states_the_public_authority_inference():
    entry = next(e for e in classify(points("7c"))["trace"] if e["rule"] == "inference.public_authority_use_case")
    inferred = [line for line in entry["because"] if line.startswith("therefore org.is_public_authority = true")]
    assert entry["fired"] and inferred


def test_the_trace_says_an_answer_stopped_an_inference():
    answers = {**DEPLOYER, **points("8a"), "org.is_public_authority": False}
    entry = next(e for e in classify(answers)["trace"] if e["rule"] == "inference.public_authority_use_case")
    assert "org.is_public_authority was answered false, so the inference (true) is not used" in entry["because"]


def test_an_exempt_system_we_provide_is_registered_in_section_b_with_its_assessment():
    result = classify({**PROVIDER, **EXEMPT})
    assert result["registration"]["sections"] == ["B"]
    assert {"art6_3_assessment", "eu_database_registration"} <= set(result["required_documents"])
    assert {"Art 6(4)", "Art 49(2)"} <= articles(result)


def test_a_public_authority_deployer_of_5a_does_a_fria_and_registers_in_c():
    result = classify({**DEPLOYER, **points("5a")})
    assert result["fria_required"] and result["registration"]["sections"] == ["C"]
    assert {"fria", "eu_database_registration"} <= set(result["required_documents"])


def test_a_public_authority_providing_and_using_its_own_system_registers_in_a_and_c():
    result = classify({**PROVIDER, **DEPLOYER, **points("5a")})
    assert result["registration"]["sections"] == ["A", "C"]


def test_law_enforcement_registrations_are_restricted():
    assert classify({**PROVIDER, **points("6d")})["registration"] == {
        "required": True,
        "sections": ["A"],
        "restricted": True,
    }


def test_an_open_source_gpai_model_without_systemic_risk_needs_no_representative_mandate():
    result = classify({**GPAI, **NON_EU_VENDOR, **DEPLOYER, "model.open_source_public_weights": True})
    assert "eu_authorised_representative_mandate" not in result["required_documents"]
    assert "gpai_copyright_policy" in result["required_documents"]


def test_an_open_source_gpai_model_with_systemic_risk_still_needs_the_mandate():
    answers = {**GPAI, **NON_EU_VENDOR, "model.open_source_public_weights": True, "model.training_compute_flop": 5e25}
    assert "eu_authorised_representative_mandate" in classify(answers)["required_documents"]


def test_section_b_products_are_high_risk_without_chapter_iii_duties_or_documents():
    result = classify({**SAFETY, **PROVIDER, **DEPLOYER, "system.annex_i_section": "B"})
    assert (result["risk_tier"], result["high_risk_route"]) == ("high_risk", "annex_i")
    assert result["obligations"] == [] and result["required_documents"] == []


def test_high_risk_dates_follow_the_timeline_and_route():
    annex_iii, annex_i = {**PROVIDER, **points("4a")}, {**PROVIDER, **SAFETY}
    dates = {
        (timeline, name): {
            o["applies_from"] for o in classify(answers, timeline)["obligations"] if o["article"] == "Art 16"
        }
        for timeline in PACK.timeline_names
        for name, answers in (("iii", annex_iii), ("i", annex_i))
    }
    assert dates == {
        ("omnibus-2026", "iii"): {"2027-12-02"},
        ("omnibus-2026", "i"): {"2028-08-02"},
        ("original", "iii"): {"2026-08-02"},
        ("original", "i"): {"2027-08-02"},
    }


def test_the_omnibus_prohibitions_apply_from_december_2026():
    result = classify({**DEPLOYER, **practices("5_1_bb")})
    assert result["risk_tier"] == "prohibited"
    assert {(o["article"], o["applies_from"]) for o in result["obligations"]} >= {("Art 5(1)", "2026-12-02")}


def test_legacy_gpai_models_comply_from_august_2027():
    answers = {**PROVIDER, **GPAI, "model.placed_on_market_on": "2024-05-01"}
    dates = {o["applies_from"] for o in classify(answers)["obligations"] if o["article"] == "Art 53"}
    assert dates == {"2027-08-02"}


def test_a_prohibited_system_lists_no_documents_or_high_risk_duties():
    result = classify({**DEPLOYER, **practices("5_1_c"), **points("5b")})
    assert result["risk_tier"] == "prohibited" and result["required_documents"] == []
    assert "Art 26" not in articles(result) and result["fria_required"] is False


def test_personal_use_removes_the_deployer_but_not_the_scope():
    result = classify({**DEPLOYER, "system.scope_exclusion": "personal_non_professional", "system.deep_fake": True})
    assert result["in_scope"] and result["roles"] == [] and result["obligations"] == []


def test_the_modification_threshold_falls_back_to_a_third_of_1e23():
    assert classify(modified(None, 4e22))["becomes_provider"]["value"] is True
    assert classify(modified(None, 3e22))["becomes_provider"]["value"] is False


def test_a_modified_model_over_1e25_in_all_has_systemic_risk():
    result = classify({**PROVIDER, **modified(9e24, 4e24)})
    assert result["gpai"] == {"is_gpai": True, "systemic_risk": True}
    assert "Art 55" in articles(result)


def test_an_integrator_of_a_third_party_model_does_not_hold_the_model_providers_duties():
    result = classify({**PROVIDER, **GPAI, "model.integrated_from_third_party": True})
    assert "Art 53" not in articles(result)
    assert "gpai_downstream_documentation" in result["required_documents"]
