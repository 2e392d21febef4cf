"""The penalty exposure page's figures: each open problem's kind of infringement and its ceiling for us."""

from __future__ import annotations

from dataclasses import dataclass, field

from incidents.assessment import penalty_exposure
from incidents.exposure import Exposure, ExposureSource
from incidents.presentation import INFRINGEMENT_WORDS
from incidents.regulation import regulation


def organisation_answers(organisation, infringement: str) -> dict:
    """The penalty_exposure answers our organisation settings give."""
    answers = {
        "infringement": infringement,
        "org.is_sme": organisation.is_sme,
        "org.is_small_mid_cap": organisation.is_small_mid_cap,
        "org.is_public_authority": organisation.is_public_authority,
        "org.is_union_institution": organisation.is_union_institution,
    }
    if organisation.worldwide_turnover_eur is not None:
        answers["org.worldwide_turnover_eur"] = organisation.worldwide_turnover_eur
    return answers


@dataclass
class Tier:
    infringement: str
    label: str
    ceiling: dict
    problems: list[Exposure] = field(default_factory=list)


@dataclass
class ExposureSummary:
    tiers: list[Tier]
    national: list[Exposure]  # fines set by the Member State (Art 99(1)): no ceiling computed
    sources: list[tuple[ExposureSource, int]]
    factors_article: str
    factor_wording: dict[str, str]

    @property
    def problem_count(self) -> int:
        return sum(len(tier.problems) for tier in self.tiers) + len(self.national)


def exposure_summary(organisation, found: list[tuple[ExposureSource, list[Exposure]]]) -> ExposureSummary:
    tiers: dict[str, Tier] = {}
    national: list[Exposure] = []
    for _source, problems in found:
        for problem in problems:
            if problem.infringement is None:
                national.append(problem)
                continue
            if problem.infringement not in tiers:
                ceiling = penalty_exposure(organisation_answers(organisation, problem.infringement))
                label = INFRINGEMENT_WORDS.get(problem.infringement, problem.infringement)
                tiers[problem.infringement] = Tier(problem.infringement, label, ceiling)
            tiers[problem.infringement].problems.append(problem)
    order = list(regulation().penalty_tiers)
    factors_article = "Art 100(1)" if organisation.is_union_institution else "Art 99(7)"
    return ExposureSummary(
        tiers=sorted(tiers.values(), key=lambda tier: order.index(tier.infringement)),
        national=national,
        sources=[(source, len(problems)) for source, problems in found],
        factors_article=factors_article,
        factor_wording=regulation().factors[factors_article],
    )
