"""Legal scenarios from an independent review of the EU AI Act rule pack.

Each test names a situation and the article it rests on. Those marked "finding" pin a
behaviour the review corrected; the others pin readings of the Regulation that the
review checked and kept, so that a later edit cannot quietly undo them.
"""

from __future__ import annotations

import pytest

from assessments import engine
from assessments.rulepack import default_pack

PACK = default_pack()
OMNIBUS, ORIGINAL = "omnibus-2026", "original"
PROVIDER = {"org.develops_or_commissions": True, "org.markets_under_own_name": True}
DEPLOYER = {"org.uses_under_own_authority": True}
GPAI = {"model.is_gpai": True}
SAFETY = {"system.annex_i_safety_component": True, "system.annex_i_third_party_assessment": True}
SECTION_B = {**SAFETY, "system.annex_i_section": "B"}
EXEMPT_4A = {
    "system.annex_iii_points": ["4a"],
    "system.art6_3_conditions": ["preparatory_task"],
    "system.art6_3_no_significant_risk": True,
}
MANDATE = "eu_authorised_representative_mandate"


def points(*values: str) -> dict:
    return {"system.annex_iii_points": list(values)}


def classify(answers: dict, timeline: str = OMNIBUS) -> dict:
    assert engine.validate_answers(PACK, answers, timeline) == {}
    return engine.evaluate(PACK, answers, timeline).to_dict()


def dated(result: dict) -> set[tuple[str, str, str]]:
    return {(o["article"], o["holder"], o["applies_from"]) for o in result["obligations"]}


def articles(result: dict) -> set[str]:
    return {o["article"] for o in result["obligations"]}


def visible(answers: dict) -> set[str]:
    return {question.id for question in engine.visible_questions(PACK, answers, OMNIBUS)}


def modified(original: float | None, modification: float, **extra) -> dict:
    answers = {**GPAI, "org.modifies_gpai_model": True, "org.modification_compute_flop": modification, **extra}
    if original is not None:
        answers["model.training_compute_flop"] = original
    return answers


# ---------------------------------------------------------------------------- GPAI modification


def test_minor_modification_leaves_the_original_model_without_systemic_risk():
    """Finding. GPAI guidelines C(2025) 5045 section 3.2, Art 51(2): a modification below one third
    of the original compute does not make us provider of a new model, so the original's sum with our
    compute is irrelevant; a 9e24 FLOP original has no systemic risk."""
    result = classify({**DEPLOYER, **modified(9e24, 2e24)})
    assert result["becomes_provider"]["value"] is False
    assert result["gpai"] == {"is_gpai": True, "systemic_risk": False}
    assert "gpai_ai_office_notification" not in result["required_documents"]
    assert "modification_log" in result["required_documents"]


def test_significant_modification_over_1e25_in_all_makes_our_model_systemic():
    """Art 51(2); guidelines section 3.2: as provider of the modified model, cumulative compute counts."""
    result = classify(modified(9e24, 4e24))
    assert result["becomes_provider"]["grounds"] == ["gpai_modification_over_one_third"]
    assert result["gpai"]["systemic_risk"] is True
    assert {("Art 53", "provider", "2025-08-02"), ("Art 55", "provider", "2025-08-02")} <= dated(result)


@pytest.mark.parametrize(
    ("answers", "becomes"),
    [
        (modified(None, 3.4e24, **{"model.commission_designated_systemic_risk": True}), True),
        (modified(None, 3.3e24, **{"model.commission_designated_systemic_risk": True}), False),
        (modified(None, 3.4e22), True),
        (modified(None, 3.3e22), False),
    ],
)
def test_unknown_original_compute_falls_back_to_a_third_of_1e25_or_1e23(answers, becomes):
    """Guidelines section 3.2: one third of 1e25 FLOP (systemic original) or of 1e23 FLOP otherwise."""
    assert classify(answers)["becomes_provider"]["value"] is becomes


def test_modifying_a_systemic_model_significantly_keeps_systemic_risk():
    """Guidelines section 3.2: the modified model of a systemic-risk original is presumed systemic."""
    result = classify(modified(None, 3.4e24, **{"model.high_impact_capabilities": True}))
    assert result["gpai"]["systemic_risk"] is True and "Art 55" in articles(result)


def test_systemic_risk_needs_compute_strictly_above_1e25():
    """Art 51(2): 'greater than' 10^25 FLOP."""
    assert classify({**GPAI, "model.training_compute_flop": 1e25})["gpai"]["systemic_risk"] is False
    assert classify({**GPAI, "model.training_compute_flop": 1.0000001e25})["gpai"]["systemic_risk"] is True


@pytest.mark.parametrize("timeline", [OMNIBUS, ORIGINAL])
def test_legacy_model_provider_duties_apply_from_august_2027_on_both_timelines(timeline):
    """Art 111(3): models placed on the market before 2 August 2025 comply by 2 August 2027."""
    legacy = {**PROVIDER, **GPAI, "model.training_compute_flop": 2e25, "model.placed_on_market_on": "2025-08-01"}
    assert {("Art 53", "provider", "2027-08-02"), ("Art 55", "provider", "2027-08-02")} <= dated(
        classify(legacy, timeline)
    )
    current = {**legacy, "model.placed_on_market_on": "2025-08-02"}
    assert ("Art 53", "provider", "2025-08-02") in dated(classify(current, timeline))


def test_open_weights_exception_never_covers_a_systemic_model():
    """Art 53(2), Art 54(6): the exceptions do not apply to models with systemic risk."""
    base = {**PROVIDER, **GPAI, "model.open_source_public_weights": True, "org.established_in_eu": False}
    open_model = classify(base)
    assert "Art 54" not in articles(open_model) and MANDATE not in open_model["required_documents"]
    assert "gpai_downstream_documentation" not in open_model["required_documents"]
    systemic = classify({**base, "model.commission_designated_systemic_risk": True})
    assert "Art 54" in articles(systemic) and MANDATE in systemic["required_documents"]
    # Annex XII information is for integrators: the model's own provider does not collect it (pack 2026.3).
    assert "gpai_downstream_documentation" not in systemic["required_documents"]
    integrated = {**base, "model.commission_designated_systemic_risk": True, "model.integrated_from_third_party": True}
    assert "gpai_downstream_documentation" in classify(integrated)["required_documents"]


# ---------------------------------------------------------------------------- authorised representative


def test_eu_provider_under_art25_needs_no_mandate_from_the_former_non_eu_provider():
    """Finding. Art 22(1), Art 25(2): once we are the provider (here by rebranding an imported system),
    the non-EU vendor is no longer its provider; an EU-established provider appoints no representative."""
    answers = {**points("4a"), "org.imports_third_country_system": True, "org.rebrands_high_risk_system": True}
    result = classify({**answers, "vendor.established_in_eu": False})
    assert result["roles"] == ["provider"] and MANDATE not in result["required_documents"]


def test_non_eu_provider_of_a_high_risk_system_holds_a_mandate():
    """Art 22(1): a provider established in a third country appoints an EU representative."""
    result = classify({**PROVIDER, **points("4a"), "org.established_in_eu": False})
    assert MANDATE in result["required_documents"] and "Art 22(1)" in articles(result)


def test_deployer_of_a_non_eu_vendors_high_risk_system_collects_the_mandate():
    """Art 22(1): the vendor is the provider; it must have an EU representative."""
    result = classify({**DEPLOYER, **points("4a"), "vendor.established_in_eu": False})
    assert MANDATE in result["required_documents"]


def test_gpai_authorised_representative_carries_out_its_mandate():
    """Finding. Art 54(3): the representative of a non-EU model provider verifies, keeps and hands over
    the documentation; not owed for an open model without systemic risk (Art 54(6))."""
    representative = {**GPAI, "org.is_authorised_representative": True, "vendor.established_in_eu": False}
    assert ("Art 54(3)", "authorised_representative", "2025-08-02") in dated(classify(representative))
    open_model = classify({**representative, "model.open_source_public_weights": True})
    assert "Art 54(3)" not in articles(open_model)


# ---------------------------------------------------------------------------- prohibited practices


def test_prohibited_system_has_no_conformity_route():
    """Finding. Art 5, Art 43: a banned system may not be placed on the market, so no conformity route."""
    result = classify({**PROVIDER, **points("1a"), "system.prohibited_practices": ["5_1_h"]})
    assert result["risk_tier"] == "prohibited"
    assert result["conformity_route"] is None and result["required_documents"] == []
    annex_i = classify({**PROVIDER, **SAFETY, "system.prohibited_practices": ["5_1_a"]})
    assert annex_i["conformity_route"] is None


def test_omnibus_prohibitions_exist_only_on_the_omnibus_timeline():
    """Art 5(1)(ba), (bb) as inserted by Regulation (EU) 2026/1744, from 2 December 2026."""
    answers = {**DEPLOYER, "system.prohibited_practices": ["5_1_ba"]}
    assert ("Art 5(1)", "deployer", "2026-12-02") in dated(classify(answers))
    assert "system.prohibited_practices" in engine.validate_answers(PACK, answers, ORIGINAL)


# ---------------------------------------------------------------------------- Annex I and dates


@pytest.mark.parametrize(("timeline", "date"), [(OMNIBUS, "2027-12-02"), (ORIGINAL, "2026-08-02")])
def test_annex_i_product_that_is_also_an_annex_iii_use_follows_the_annex_iii_date(timeline, date):
    """Finding. Art 6(2), Art 113: Annex III classification applies from the general date; the later
    Art 6(1) date (Art 113(c)) cannot postpone duties that Annex III already imposes. The product's own
    procedure still governs the conformity assessment (Art 43(3))."""
    result = classify({**PROVIDER, **DEPLOYER, **SAFETY, **points("4a")}, timeline)
    assert result["conformity_route"] == "sectoral"
    assert {("Art 16", "provider", date), ("Art 26", "deployer", date)} <= dated(result)


@pytest.mark.parametrize(("timeline", "date"), [(OMNIBUS, "2028-08-02"), (ORIGINAL, "2027-08-02")])
def test_annex_i_product_alone_follows_the_annex_i_date(timeline, date):
    """Art 113(c) (Digital Omnibus: 2 August 2028)."""
    result = classify({**PROVIDER, **DEPLOYER, **SAFETY}, timeline)
    assert {("Art 16", "provider", date), ("Art 26", "deployer", date)} <= dated(result)


def test_annex_i_product_is_not_registered_in_the_eu_database():
    """Art 49(1) names Annex III systems only (the spec's broader list is not followed here)."""
    assert "Art 49" not in articles(classify({**PROVIDER, **SAFETY}))


def test_section_b_product_with_an_exempt_annex_iii_use_has_no_ai_act_registration():
    """Finding. Art 2(2): for Annex I section B products only Art 6(1), 102-109 and 112 apply, so no
    Art 6(4) documentation or Art 49(2) registration is listed."""
    result = classify({**PROVIDER, **SECTION_B, **EXEMPT_4A})
    assert (result["risk_tier"], result["high_risk_route"]) == ("high_risk", "annex_i")
    assert result["registration"]["required"] is False
    assert result["obligations"] == [] and result["required_documents"] == []


def test_section_b_product_substantially_modified_lists_no_ai_act_document():
    """Finding. Art 2(2): the modification log of Art 3(23)/43(4) is an AI Act document."""
    result = classify({**DEPLOYER, **SECTION_B, "org.substantially_modifies": True})
    assert result["required_documents"] == [] and result["becomes_provider"]["value"] is False


def test_art25_3_makes_the_product_manufacturer_provider_only_on_section_a():
    """Art 25(3) concerns Annex I section A products."""
    manufacturer = {"org.product_manufacturer_own_name": True}
    section_a = classify({**SAFETY, **manufacturer})
    assert section_a["becomes_provider"]["grounds"] == ["art25_3"]
    assert section_a["roles"] == ["product_manufacturer", "provider"]
    section_b = classify({**SECTION_B, **manufacturer})
    assert section_b["becomes_provider"]["value"] is False and section_b["roles"] == ["product_manufacturer"]


# ---------------------------------------------------------------------------- scope


def test_open_source_art6_3_exempt_system_is_excluded():
    """Art 2(12) with Art 6(3): an exempt Annex III system is not high-risk, so an open release is excluded."""
    result = classify({**PROVIDER, **EXEMPT_4A, "system.open_source_free_licence": True})
    assert result["risk_tier"] == "out_of_scope" and result["obligations"] == []


def test_open_source_exempt_emotion_recognition_stays_in_scope_for_art50_3():
    """Art 2(12), Art 50(3): the 1(c) inference brings a transparency duty, so the exclusion is lost."""
    answers = {**DEPLOYER, **EXEMPT_4A, **points("1c"), "system.open_source_free_licence": True}
    result = classify(answers)
    assert result["in_scope"] and result["transparency_obligations"] == ["50_3"]
    assert ("Art 50(3)", "deployer", "2026-08-02") in dated(result)


def test_personal_use_keeps_our_provider_duties():
    """Art 2(10) removes only the deployer role of a natural person's non-professional use."""
    answers = {**PROVIDER, **DEPLOYER, **points("4a"), "system.scope_exclusion": "personal_non_professional"}
    result = classify(answers)
    assert result["roles"] == ["provider"] and "Art 16" in articles(result) and "Art 26" not in articles(result)


# ---------------------------------------------------------------------------- FRIA and registration


def test_deployer_of_a_law_enforcement_system_does_a_fria_and_registers_restricted():
    """Annex III 6(d) implies a public-authority, law-enforcement deployer: Art 27(1), Art 49(3), 49(4)."""
    result = classify({**DEPLOYER, **points("6d")})
    assert result["fria_required"] and result["registration"] == {
        "required": True,
        "sections": ["C"],
        "restricted": True,
    }


def test_biometric_registration_is_restricted_only_in_a_law_enforcement_context():
    """Art 49(4): points 1, 6 and 7 in law enforcement, migration, asylum or border control."""
    provider = {**PROVIDER, **points("1a")}
    assert classify(provider)["registration"]["restricted"] is False
    context = classify({**provider, "org.law_enforcement_or_border_context": True})
    assert context["registration"] == {"required": True, "sections": ["A"], "restricted": True}


def test_private_deployer_of_insurance_pricing_does_a_fria_but_does_not_register():
    """Art 27(1) covers every deployer of 5(c); Art 49(3) only public-authority deployers."""
    result = classify({**DEPLOYER, **points("5c")})
    assert result["fria_required"] and result["registration"]["required"] is False
    assert ("Art 27", "deployer", "2027-12-02") in dated(result)


def test_critical_infrastructure_has_no_fria_and_national_registration():
    """Art 27(1) and Art 49(1) exclude Annex III point 2; Art 49(5) national registration."""
    answers = {**PROVIDER, **DEPLOYER, **points("2"), "org.is_public_authority": True}
    result = classify(answers)
    assert result["fria_required"] is False and result["registration"]["sections"] == ["national"]


# ---------------------------------------------------------------------------- questionnaire


def test_the_annex_i_section_is_asked_only_when_third_party_assessment_is_needed():
    """Art 6(1)(b): without a third-party assessment the section cannot matter."""
    assert "system.annex_i_section" not in visible({"system.annex_i_safety_component": True})
    assert "system.annex_i_section" in visible(SAFETY)


def test_public_sector_questions_are_asked_only_for_annex_iii_systems():
    """Art 27(1) and Art 49(3) concern Annex III high-risk systems only."""
    keys = {"org.is_public_authority", "org.public_body_or_public_service"}
    assert not keys & visible({})
    assert keys <= visible(points("5b"))


def test_the_law_enforcement_context_is_asked_only_for_biometric_uses():
    """Art 49(4): points 6 and 7 imply the context; only point 1 needs the answer."""
    assert "org.law_enforcement_or_border_context" not in visible(points("4a", "6a"))
    assert "org.law_enforcement_or_border_context" in visible(points("1b"))


def test_art25_questions_are_asked_whenever_the_system_can_be_high_risk():
    """Art 25(1)(a), (c) concern high-risk systems: Annex III uses or Annex I section A products."""
    keys = {"org.rebrands_high_risk_system", "org.changes_purpose_to_high_risk"}
    assert not keys & visible({})
    assert keys <= visible(points("4a")) and keys <= visible(SAFETY)
    assert not keys & visible(SECTION_B)


def test_profiling_is_asked_for_an_annex_i_product_because_it_decides_the_dpia():
    """Art 26(9): a deployer of a high-risk system uses the provider's information for its DPIA."""
    assert "system.profiles_natural_persons" in visible(SAFETY)
    assert "system.profiles_natural_persons" not in visible(SECTION_B)
    result = classify({**DEPLOYER, **SAFETY, "system.profiles_natural_persons": True})
    assert "dpia" in result["required_documents"]
