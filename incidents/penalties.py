"""The penalty exposure page's figures: each open problem's kind of infringement and its ceiling for us."""

from __future__ import annotations

from dataclasses import dataclass, field

from incidents.assessment import penalty_exposure
from incidents.exposure import Exposure, ExposureSource, Found
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
    total: int = 0  # problems counted, of which `problems` are the first few

    @property
    def more(self) -> int:
        return self.total - len(self.problems)


@dataclass
class ExposureSummary:
    tiers: list[Tier]
    national: list[Exposure]  # fines set by the Member State (Art 99(1)): no ceiling computed
    national_total: int
    sources: list[tuple[ExposureSource, int]]
    factors_article: str
    factor_wording: dict[str, str]

    @property
    def problem_count(self) -> int:
        return sum(tier.total for tier in self.tiers) + self.national_total

    @property
    def national_more(self) -> int:
        return self.national_total - len(self.national)


def exposure_summary(organisation, findings: list[tuple[ExposureSource, Found]]) -> ExposureSummary:
    """The problems grouped by kind of infringement, each kind with our ceiling (one computation per kind)."""
    tiers: dict[str, Tier] = {}
    national: list[Exposure] = []
    national_total = 0
    for _source, result in findings:
        kinds = {problem.infringement for problem in result.items}
        for problem in result.items:
            if problem.infringement is None:
                national.append(problem)
            else:
                _tier(tiers, organisation, problem.infringement).problems.append(problem)
        # A source's count goes to its kind; a source of mixed kinds counts only what it listed.
        if len(kinds) == 1 and None not in kinds:
            _tier(tiers, organisation, kinds.pop()).total += result.total
        elif kinds == {None}:
            national_total += result.total
        else:
            for problem in result.items:
                if problem.infringement is None:
                    national_total += 1
                else:
                    tiers[problem.infringement].total += 1
    order = list(regulation().penalty_tiers)
    factors_article = "Art 100(1)" if organisation.is_union_institution else "Art 99(7)"
    return ExposureSummary(
        tiers=sorted(tiers.values(), key=lambda tier: order.index(tier.infringement)),
        national=national,
        national_total=national_total,
        sources=[(source, result.total) for source, result in findings],
        factors_article=factors_article,
        factor_wording=regulation().factors[factors_article],
    )


def _tier(tiers: dict[str, Tier], organisation, infringement: str) -> Tier:
    if infringement not in tiers:
        ceiling = penalty_exposure(organisation_answers(organisation, infringement))
        tiers[infringement] = Tier(infringement, INFRINGEMENT_WORDS.get(infringement, infringement), ceiling)
    return tiers[infringement]
