"""The corrections of pack 2026.3 (spec "Pack 2026.3: corrections"), scenario by scenario."""

from __future__ import annotations

import pytest

from assessments import engine
from assessments.rulepack import default_pack

PACK = default_pack()
OMNIBUS, ORIGINAL = "omnibus-2026", "original"
PROVIDER = {"org.develops_or_commissions": True, "org.markets_under_own_name": True}
DEPLOYER = {"org.uses_under_own_authority": True}
SAFETY = {"system.annex_i_safety_component": True, "system.annex_i_third_party_assessment": True}


def classify(answers: dict, timeline: str = OMNIBUS) -> dict:
    assert engine.validate_answers(PACK, answers, timeline) == {}
    return engine.evaluate(PACK, answers, timeline).to_dict()


def articles(result: dict) -> set[str]:
    return {obligation["article"] for obligation in result["obligations"]}


def dated(result: dict, article: str) -> set[str]:
    return {o["applies_from"] for o in result["obligations"] if o["article"] == article}


def test_the_pack_is_2026_3():
    assert PACK.version == "2026.3"


# ---------------------------------------------------------------------------- explicit answers win


def test_a_private_arbitration_platform_that_says_it_is_no_public_authority_registers_nothing():
    result = classify({**DEPLOYER, "system.annex_iii_points": ["8a"], "org.is_public_authority": False})
    assert result["registration"] == {"required": False, "sections": [], "restricted": False}
    assert result["fria_required"] is False
    inference = next(e for e in result["trace"] if e["rule"] == "inference.public_authority_use_case")
    assert any("not used" in line for line in inference["because"])


def test_unanswered_the_same_platform_is_presumed_a_public_authority():
    result = classify({**DEPLOYER, "system.annex_iii_points": ["8a"]})
    assert result["registration"]["sections"] == ["C"] and result["fria_required"] is True


# ---------------------------------------------------------------------------- law enforcement and borders


def test_a_law_enforcement_deployer_of_a_biometric_system_is_a_public_authority():
    result = classify({**DEPLOYER, "system.annex_iii_points": ["1a"], "org.law_enforcement_or_border_context": True})
    assert result["fria_required"] is True
    assert result["registration"] == {"required": True, "sections": ["C"], "restricted": True}
    assert "Art 27" in articles(result)


def test_a_law_enforcement_context_without_our_use_makes_no_deployer_duty():
    result = classify({**PROVIDER, "system.annex_iii_points": ["1a"], "org.law_enforcement_or_border_context": True})
    assert result["registration"]["sections"] == ["A"] and result["registration"]["restricted"] is True
    assert result["fria_required"] is False


def test_points_6_and_7_stay_restricted_even_when_the_context_is_answered_no():
    answers = {**PROVIDER, "system.annex_iii_points": ["6d"], "org.law_enforcement_or_border_context": False}
    assert classify(answers)["registration"]["restricted"] is True


# ---------------------------------------------------------------------------- who provides the GPAI model


def test_rebranding_a_high_risk_system_on_a_gpai_model_never_makes_us_the_model_provider():
    answers = {"system.annex_iii_points": ["4a"], "org.rebrands_high_risk_system": True, "model.is_gpai": True}
    result = classify(answers)
    assert result["becomes_provider"]["grounds"] == ["art25_1_a"] and "Art 16" in articles(result)
    assert not {"Art 53", "Art 54", "Art 55"} & articles(result)


def test_the_models_own_provider_still_owes_the_model_duties():
    result = classify({**PROVIDER, "model.is_gpai": True, "model.training_compute_flop": 3e25})
    assert {"Art 53", "Art 55"} <= articles(result)


def test_a_modifier_over_one_third_owes_the_model_duties():
    answers = {
        **PROVIDER,
        "model.is_gpai": True,
        "model.training_compute_flop": 6e24,
        "org.modifies_gpai_model": True,
        "org.modification_compute_flop": 3e24,
    }
    assert "Art 53" in articles(classify(answers))


# ---------------------------------------------------------------------------- importer


def test_no_importer_outside_the_union():
    answers = {"org.imports_third_country_system": True, "org.established_in_eu": False}
    assert classify(answers)["roles"] == []
    assert classify({"org.imports_third_country_system": True})["roles"] == ["importer"]


# ---------------------------------------------------------------------------- Art 5(1)(f)


def test_emotion_inference_on_customers_is_not_banned_when_the_presumption_is_answered_no():
    answers = {
        **DEPLOYER,
        "system.annex_iii_points": ["1c"],
        "org.is_employer_using_at_workplace": True,
        "system.infers_emotions_at_work_or_education": False,
    }
    result = classify(answers)
    assert result["risk_tier"] == "high_risk" and result["prohibited_practices"] == []


def test_emotion_inference_in_education_is_banned_without_an_annex_iii_answer():
    result = classify({**DEPLOYER, "system.infers_emotions_at_work_or_education": True})
    assert result["risk_tier"] == "prohibited" and result["prohibited_practices"] == ["5_1_f"]
    assert ("Art 5(1)", "2025-02-02") in {(o["article"], o["applies_from"]) for o in result["obligations"]}


# ---------------------------------------------------------------------------- legacy systems (Art 111(2))


@pytest.mark.parametrize(
    ("timeline", "placed", "applies", "cut_off"),
    [
        (OMNIBUS, "2027-12-01", True, "2027-12-02"),
        (OMNIBUS, "2027-12-02", False, "2027-12-02"),
        (ORIGINAL, "2026-08-01", True, "2026-08-02"),
        (ORIGINAL, "2027-01-01", False, "2026-08-02"),
    ],
)
def test_the_annex_iii_cut_off_follows_the_timeline(timeline, placed, applies, cut_off):
    answers = {**DEPLOYER, "system.annex_iii_points": ["4a"], "system.placed_on_market_on": placed}
    result = classify(answers, timeline)
    assert result["legacy_system"] == {"applies": applies, "cut_off": cut_off, "comply_by": None}
    assert ("Art 26" in articles(result)) is not applies


def test_an_annex_i_system_takes_the_annex_i_cut_off_and_both_routes_the_annex_iii_one():
    annex_i = classify({**PROVIDER, **SAFETY, "system.placed_on_market_on": "2028-01-01"})
    assert annex_i["legacy_system"]["cut_off"] == "2028-08-02" and annex_i["legacy_system"]["applies"]
    assert not {"Art 16", "Art 43", "Art 47", "Art 48"} & articles(annex_i)
    both = classify(
        {**PROVIDER, **SAFETY, "system.annex_iii_points": ["4a"], "system.placed_on_market_on": "2028-01-01"}
    )
    assert both["legacy_system"] == {"applies": False, "cut_off": "2027-12-02", "comply_by": None}


@pytest.mark.parametrize(
    "change",
    [
        {"system.significant_design_change_since": True},
        {"org.substantially_modifies": True},
        {"org.changes_purpose_to_high_risk": True},
    ],
)
def test_a_significant_change_ends_legacy_status(change):
    answers = {**DEPLOYER, "system.annex_iii_points": ["4a"], "system.placed_on_market_on": "2025-01-01", **change}
    assert classify(answers)["legacy_system"]["applies"] is False


def test_without_a_date_a_high_risk_system_is_not_legacy_and_a_minimal_one_has_no_cut_off():
    assert classify({**DEPLOYER, "system.annex_iii_points": ["4a"]})["legacy_system"]["applies"] is False
    assert classify(DEPLOYER)["legacy_system"] == {"applies": False, "cut_off": None, "comply_by": None}


def test_a_legacy_system_keeps_ai_literacy_transparency_and_the_bans():
    answers = {
        **DEPLOYER,
        "system.annex_iii_points": ["1b"],
        "system.placed_on_market_on": "2025-01-01",
    }
    result = classify(answers)
    assert result["legacy_system"]["applies"] and {"Art 4", "Art 50(3)"} <= articles(result)
    assert result["required_documents"] == [] and result["registration"]["required"] is False


@pytest.mark.parametrize(
    "answers",
    [
        {"system.annex_iii_points": ["5a"]},
        {"system.annex_iii_points": ["4a"], "org.is_public_authority": True},
        {"system.annex_iii_points": ["4a"], "system.intended_for_public_authorities": True},
    ],
)
def test_a_legacy_system_for_public_authorities_complies_by_2030_whatever_our_role(answers):
    result = classify({**DEPLOYER, **answers, "system.placed_on_market_on": "2025-01-01"})
    assert result["legacy_system"]["comply_by"] == "2030-08-02"
    assert dated(result, "Art 26") == {"2030-08-02"}


def test_a_private_provider_of_a_system_for_public_authorities_owes_2030_too():
    answers = {**PROVIDER, "system.annex_iii_points": ["5a"], "system.placed_on_market_on": "2025-01-01"}
    result = classify(answers)
    assert dated(result, "Art 16") == {"2030-08-02"} and result["registration"]["sections"] == ["A"]


# ---------------------------------------------------------------------------- Art 50(2) grace


@pytest.mark.parametrize(
    ("timeline", "placed", "date"),
    [
        (OMNIBUS, "2025-11-01", "2026-12-02"),
        (OMNIBUS, "2026-08-02", "2026-08-02"),
        (ORIGINAL, "2025-11-01", "2026-08-02"),
        (OMNIBUS, None, "2026-08-02"),
    ],
)
def test_the_art50_2_grace_is_for_generative_systems_already_on_the_market_under_the_omnibus(timeline, placed, date):
    answers = {**PROVIDER, "system.generates_synthetic_content": True}
    if placed:
        answers["system.placed_on_market_on"] = placed
    assert dated(classify(answers, timeline), "Art 50(2)") == {date}


# ---------------------------------------------------------------------------- Annex I under the Omnibus


@pytest.mark.parametrize(
    "carve_out", ["system.annex_i_non_safety_use_only", "system.annex_i_third_party_non_safety_only"]
)
def test_the_annex_i_carve_outs_count_only_on_the_omnibus_timeline(carve_out):
    answers = {**PROVIDER, **SAFETY, carve_out: True}
    assert classify(answers, OMNIBUS)["high_risk_route"] is None
    original = classify(answers, ORIGINAL)
    assert original["high_risk_route"] == "annex_i"
    assert any(e["rule"] == "annex_i.carve_outs_not_on_original_timeline" and e["fired"] for e in original["trace"])


def test_the_annex_i_section_help_moves_machinery_to_section_b_on_the_omnibus_timeline():
    omnibus = PACK.questions_by_timeline[OMNIBUS]["system.annex_i_section"].help
    original = PACK.questions_by_timeline[ORIGINAL]["system.annex_i_section"].help
    assert omnibus.index("Section B") < omnibus.index("machinery")
    assert original.index("machinery") < original.index("Section B")
