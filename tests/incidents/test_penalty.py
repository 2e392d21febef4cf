"""The pure penalty exposure: Art 99 tiers, the higher/lower rule, Art 100, Art 101, Art 99(8)."""

from __future__ import annotations

import pytest

from incidents.assessment import AnswersError, penalty_exposure, turnover_cap

TURNOVER = "org.worldwide_turnover_eur"


def exposure(infringement: str, **org) -> dict:
    """Answers with `turnover` for org.worldwide_turnover_eur and the other org.* keys by name."""
    if "turnover" in org:
        org["worldwide_turnover_eur"] = org.pop("turnover")
    return penalty_exposure({"infringement": infringement, **{f"org.{k}": v for k, v in org.items()}})


@pytest.mark.parametrize(
    ("infringement", "org", "rule", "fixed", "percent", "cap", "maximum"),
    [
        ("prohibited_practice", {"turnover": 100_000_000}, "higher", 35_000_000, 7, 7_000_000, 35_000_000),
        ("operator_obligation", {"turnover": 1_000_000_000}, "higher", 15_000_000, 3, 30_000_000, 30_000_000),
        ("operator_obligation", {"turnover": 20_000_000, "is_sme": True}, "lower", 15_000_000, 3, 600_000, 600_000),
        (
            "incorrect_information",
            {"turnover": 5_000_000_000, "is_small_mid_cap": True},
            *("lower", 7_500_000, 1, 50_000_000, 7_500_000),
        ),
        # Art 101 has no SME rule.
        ("gpai_provider", {"turnover": 10_000_000, "is_sme": True}, "higher", 15_000_000, 3, 300_000, 15_000_000),
        # Not an undertaking: the fixed cap, no percentage.
        (
            "prohibited_practice",
            {"turnover": 10_000_000_000, "is_undertaking": False},
            *("fixed", 35_000_000, None, None, 35_000_000),
        ),
        # Art 100: Union institutions.
        ("prohibited_practice", {"is_union_institution": True}, "fixed", 1_500_000, None, None, 1_500_000),
        ("operator_obligation", {"is_union_institution": True, "turnover": 1}, "fixed", 750_000, None, None, 750_000),
        ("gpai_provider", {"is_union_institution": True}, "fixed", 750_000, None, None, 750_000),
        # Art 99(8): the Member State decides.
        ("operator_obligation", {"is_public_authority": True, "turnover": 1_000}, "national", None, None, None, None),
        ("operator_obligation", {"turnover": 0, "is_sme": True}, "lower", 15_000_000, 3, 0, 0),
    ],
)
def test_the_ceiling(infringement, org, rule, fixed, percent, cap, maximum):
    result = exposure(infringement, **org)
    assert result["rule"] == rule
    assert (result["fixed_cap_eur"], result["turnover_percent"], result["turnover_cap_eur"]) == (fixed, percent, cap)
    assert result["max_fine_eur"] == maximum
    assert result["determinable"] is (maximum is not None)


@pytest.mark.parametrize(
    ("org", "article", "factors"),
    [
        ({}, "Art 99(7)", list("abcdefghij")),
        ({"is_union_institution": True}, "Art 100(1)", list("abcdefg")),
    ],
)
def test_the_factors_follow_the_governing_article(org, article, factors):
    result = exposure("operator_obligation", **org)
    assert (result["factors_article"], result["factors"]) == (article, factors)


def test_a_gpai_provider_is_weighed_under_art_101():
    result = exposure("gpai_provider", turnover=1)
    assert result["article"] == "Art 101(1)" and result["factors_article"] == "Art 101(1)"
    assert result["factors"] == ["nature_gravity_duration", "commitments"]


def test_without_turnover_the_ceiling_of_an_undertaking_is_unknown_but_the_fixed_cap_is_given():
    result = exposure("prohibited_practice", is_sme=True)
    assert (result["fixed_cap_eur"], result["turnover_percent"], result["max_fine_eur"]) == (35_000_000, 7, None)
    assert result["determinable"] is False


@pytest.mark.parametrize(
    ("turnover", "percent", "cap"),
    [(50, 1, 1), (49, 1, 0), (150, 3, 5), (0.1, 7, 0), (123_456_789.5, 7, 8_641_975), (10**18, 7, 7 * 10**16)],
)
def test_the_turnover_cap_rounds_to_the_nearest_euro_half_up(turnover, percent, cap):
    assert turnover_cap(turnover, percent) == cap


@pytest.mark.parametrize(
    ("answers", "key"),
    [
        ({}, "infringement"),
        ({"infringement": "late_invoice"}, "infringement"),
        ({"infringement": "prohibited_practice", TURNOVER: -1}, TURNOVER),
        ({"infringement": "prohibited_practice", TURNOVER: "1000"}, TURNOVER),
        ({"infringement": "prohibited_practice", TURNOVER: True}, TURNOVER),
        ({"infringement": "prohibited_practice", TURNOVER: float("inf")}, TURNOVER),
        ({"infringement": "prohibited_practice", "org.is_sme": "no"}, "org.is_sme"),
        ({"infringement": ["prohibited_practice"]}, "infringement"),
    ],
)
def test_bad_answers_are_refused(answers, key):
    with pytest.raises(AnswersError) as refused:
        penalty_exposure(answers)
    assert key in refused.value.errors
