"""Answers the register already knows, offered pre-filled in the questionnaire.

Each source reads one fact about an AI system (its vendor, its GPAI model, our organisation)
and proposes the answer to one question, saying where it comes from. The person sees the
answer marked as pre-filled and may change it; once the section is saved it is their answer.

Higher apps add sources for facts they own with `register_prefill` in their AppConfig.ready()
(for example the organisation's SME status for `org.is_sme`); a second source for the same
key is refused at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from core.countries import country_name, is_eea


@dataclass(frozen=True)
class Prefill:
    key: str
    value: Any
    source: str  # where the value comes from, in words: "the vendor's country (United States)"


PrefillSource = Callable[[Any], "Prefill | None"]  # (AI system) → a proposed answer, or None when unknown
_SOURCES: dict[str, PrefillSource] = {}


def register_prefill(key: str) -> Callable[[PrefillSource], PrefillSource]:
    def register(source: PrefillSource) -> PrefillSource:
        if key in _SOURCES:
            raise ImproperlyConfigured(f"A pre-fill source for {key} is already registered.")
        _SOURCES[key] = source
        return source

    return register


def prefills_for(system, pack) -> dict[str, Prefill]:
    """The register's answers for this system, for the questions of `pack` that accept them."""
    from assessments.engine import validate_answers  # the engine stays free of Django imports

    found = {}
    for key, source in _SOURCES.items():
        prefill = source(system)
        if prefill is not None and not validate_answers(pack, {key: prefill.value}, pack.default_timeline):
            found[key] = prefill
    return found


@register_prefill("vendor.established_in_eu")
def vendor_establishment(system) -> Prefill | None:
    vendor = system.vendor
    return Prefill(
        "vendor.established_in_eu", vendor.is_eu_established, f"the vendor's country ({vendor.country_name})"
    )


@register_prefill("org.established_in_eu")
def organisation_establishment(system) -> Prefill | None:
    country = system.organisation.country
    if not country:
        return None
    return Prefill("org.established_in_eu", is_eea(country), f"our organisation's country ({country_name(country)})")


@register_prefill("model.is_gpai")
def gpai_model_linked(system) -> Prefill | None:
    if system.gpai_model is None:
        return None
    return Prefill("model.is_gpai", True, f"the GPAI model linked to the system ({system.gpai_model})")


@register_prefill("model.training_compute_flop")
def gpai_model_compute(system) -> Prefill | None:
    model = system.gpai_model
    if model is None or model.training_compute_flop is None:
        return None
    return Prefill("model.training_compute_flop", model.training_compute_flop, f"the GPAI model {model}")


@register_prefill("model.signed_code_of_practice")
def gpai_model_code_of_practice(system) -> Prefill | None:
    model = system.gpai_model
    if model is None or model.code_of_practice_signatory == "unknown":
        return None
    return Prefill("model.signed_code_of_practice", model.code_of_practice_signatory, f"the GPAI model {model}")


@register_prefill("system.placed_on_market_on")
def system_market_date(system) -> Prefill | None:
    placed_on = system.placed_on_market_on
    if placed_on is None:
        return None
    return Prefill(
        "system.placed_on_market_on", placed_on.isoformat(), "the system's record (first on the market or in service)"
    )
