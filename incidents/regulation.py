"""The incident and penalty rules as data (regulation.yaml), validated once at load.

Plain Python, no Django: the pure assessments import it, and so may any script.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

SOURCE = Path(__file__).with_name("regulation.yaml")
POINTS = ("a", "b", "c", "d")
PARAGRAPHS = ("73(2)", "73(3)", "73(4)")
INFRINGEMENTS = ("prohibited_practice", "operator_obligation", "incorrect_information", "gpai_provider")


class RegulationError(ValueError):
    """regulation.yaml does not have the expected shape."""


@dataclass(frozen=True)
class Harm:
    code: str
    point: str
    label: str


@dataclass(frozen=True)
class ReportLimit:
    paragraph: str
    days: int
    citation: str


@dataclass(frozen=True)
class PenaltyTier:
    infringement: str
    article: str
    fixed_cap_eur: int
    percent: int
    label: str


@dataclass(frozen=True)
class Regulation:
    version: str
    harms: dict[str, Harm]
    limited_points: frozenset[str]
    report_limits: dict[str, ReportLimit]
    ai_office_holiday_country: str
    penalty_tiers: dict[str, PenaltyTier]
    union_institution: dict[str, tuple[str, int]]  # "prohibited_practice" / "other" → (article, amount)
    factors: dict[str, dict[str, str]]  # article → point → wording


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise RegulationError(f"{SOURCE.name}: {message}")


def _harms(raw: dict) -> dict[str, Harm]:
    _require(isinstance(raw, dict) and raw, "harms must be a mapping")
    harms = {}
    for code, item in raw.items():
        _require(item.get("point") in POINTS, f"harm {code}: point must be one of {POINTS}")
        _require(bool(item.get("label")), f"harm {code}: label missing")
        harms[code] = Harm(code, item["point"], item["label"])
    return harms


def _limits(raw: dict) -> dict[str, ReportLimit]:
    _require(set(raw or {}) == set(PARAGRAPHS), f"report_limits must name exactly {PARAGRAPHS}")
    limits = {}
    for paragraph, item in raw.items():
        _require(isinstance(item.get("days"), int) and item["days"] > 0, f"report limit {paragraph}: days")
        limits[paragraph] = ReportLimit(paragraph, item["days"], str(item.get("citation", "")))
    return limits


def _tiers(raw: dict) -> dict[str, PenaltyTier]:
    _require(set(raw or {}) == set(INFRINGEMENTS), f"penalty_tiers must name exactly {INFRINGEMENTS}")
    tiers = {}
    for code, item in raw.items():
        for key in ("fixed_cap_eur", "percent"):
            _require(isinstance(item.get(key), int) and item[key] > 0, f"penalty tier {code}: {key}")
        _require(str(item.get("article", "")).startswith("Art "), f"penalty tier {code}: article")
        tiers[code] = PenaltyTier(code, item["article"], item["fixed_cap_eur"], item["percent"], item["label"])
    return tiers


def _union(raw: dict) -> dict[str, tuple[str, int]]:
    _require(set(raw or {}) == {"prohibited_practice", "other"}, "union_institution: prohibited_practice and other")
    return {key: (item["article"], int(item["fixed_cap_eur"])) for key, item in raw.items()}


def _factors(raw: dict) -> dict[str, dict[str, str]]:
    _require({"Art 99(7)", "Art 100(1)", "Art 101(1)"} <= set(raw or {}), "factors of Art 99(7), 100(1), 101(1)")
    return {article: {str(point): str(text) for point, text in points.items()} for article, points in raw.items()}


@lru_cache(maxsize=1)
def regulation() -> Regulation:
    raw = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    _require(isinstance(raw, dict), "expected a mapping")
    limited = frozenset(raw.get("limited_points") or ())
    _require(limited <= set(POINTS), "limited_points must be points of Art 3(49)")
    return Regulation(
        version=str(raw["version"]),
        harms=_harms(raw.get("harms")),
        limited_points=limited,
        report_limits=_limits(raw.get("report_limits")),
        ai_office_holiday_country=str(raw.get("ai_office_holiday_country", "")),
        penalty_tiers=_tiers(raw.get("penalty_tiers")),
        union_institution=_union(raw.get("union_institution")),
        factors=_factors(raw.get("factors")),
    )
