"""Penalty exposure: which open problems of an organisation carry which Art 99 ceiling.

A registry of exposure sources. Each source finds one kind of open problem and says
which kind of infringement it is (`incidents.assessment` computes the ceiling from the
organisation's settings). Apps above incidents (duties: transparency duties without
evidence, a missing FRIA) register their own source in their AppConfig.ready():

    from incidents.exposure import Exposure, register_exposure_source
    register_exposure_source("transparency_without_evidence", "Transparency duties without evidence", loader)

`loader(organisation, limit) -> Found` gives the first `limit` problems and how many there
are in all, in bounded queries (the page lists a few and counts the rest). An exposure with
`infringement=None` is one whose fines the Member State sets (Art 99(1)): the page says
so instead of computing a ceiling.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Exposure:
    title: str  # the problem, in words
    citation: str  # the duty not met
    infringement: str | None  # a penalty_exposure infringement, or None: set by the Member State (Art 99(1))
    link: str = ""  # site-relative page where it is fixed
    subject: str = ""  # the AI system or vendor concerned


@dataclass(frozen=True)
class Found:
    items: list[Exposure]  # the first ones, at most the limit asked for
    total: int  # how many there are in all


@dataclass(frozen=True)
class ExposureSource:
    code: str
    title: str
    loader: Callable[..., Found]


_SOURCES: dict[str, ExposureSource] = {}


def register_exposure_source(code: str, title: str, loader: Callable[..., Found]) -> ExposureSource:
    if code in _SOURCES:
        raise ImproperlyConfigured(f"Exposure source {code!r} is registered twice.")
    _SOURCES[code] = ExposureSource(code, title, loader)
    return _SOURCES[code]


def exposure_sources() -> list[ExposureSource]:
    return list(_SOURCES.values())


def exposures_of(organisation, limit: int = 20) -> list[tuple[ExposureSource, Found]]:
    """Each source with what it finds (sources finding nothing included, so the page can say so)."""
    return [(source, source.loader(organisation, limit)) for source in _SOURCES.values()]


def found(queryset, limit: int, exposure: Callable[[Any], Exposure]) -> Found:
    """A source's answer from a queryset of its problems: the first `limit` as exposures, and the count."""
    return Found([exposure(row) for row in queryset[:limit]], queryset.count())
