"""Plain-language labels for the values of a classification result, for pages and PDFs.

The codes are the public contract's (spec/classification.md); the labels are ours.
Labels of questions, options, obligations and document types come from the rule pack,
those of risk tiers from assessments.models.RiskTier.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ROUTE_LABELS = {"annex_i": "Annex I product route (Art 6(1))", "annex_iii": "Annex III use case (Art 6(2))"}

TRANSPARENCY_LABELS = {
    "50_1": "Tell people they are interacting with an AI system (Art 50(1))",
    "50_2": "Mark synthetic audio, image, video or text as machine-detectable (Art 50(2))",
    "50_3": "Inform people exposed to emotion recognition or biometric categorisation (Art 50(3))",
    "50_4_deep_fake": "Disclose deep fakes as artificially generated or manipulated (Art 50(4))",
    "50_4_text": "Disclose AI-generated text published on matters of public interest (Art 50(4))",
}

ROLE_LABELS = {
    "provider": "Provider (Art 3(3))",
    "deployer": "Deployer (Art 3(4))",
    "importer": "Importer (Art 3(6))",
    "distributor": "Distributor (Art 3(7))",
    "authorised_representative": "Authorised representative (Art 3(5))",
    "product_manufacturer": "Product manufacturer (Art 25(3))",
}

GROUND_LABELS = {
    "art25_1_a": "We put our name or trademark on a high-risk system (Art 25(1)(a))",
    "art25_1_b": "We substantially modify a high-risk system (Art 25(1)(b))",
    "art25_1_c": "We change the intended purpose so that the system becomes high-risk (Art 25(1)(c))",
    "art25_3": "We place it on the market with our Annex I product under our name (Art 25(3))",
    "gpai_modification_over_one_third": (
        "Our modification of the GPAI model used more than a third of its original training compute "
        "(Commission GPAI guidelines)"
    ),
}

CONFORMITY_ROUTE_LABELS = {
    "annex_vi_internal_control": "Internal control by the provider (Annex VI, Art 43(2))",
    "annex_vii_notified_body": "Assessment by a notified body (Annex VII, Art 43(1))",
    "annex_vi_or_vii": "Provider's choice of internal control or notified body (Annex VI or VII, Art 43(1))",
    "sectoral": "The conformity procedure of the product's own legislation (Art 43(3))",
}

REGISTRATION_SECTION_LABELS = {
    "A": "Provider registers the high-risk system (Annex VIII section A, Art 49(1))",
    "B": "Provider registers the Art 6(3) exempt system (Annex VIII section B, Art 49(2))",
    "C": "Public-authority deployer registers its use (Annex VIII section C, Art 49(3))",
    "national": "National registration of a critical-infrastructure system (Art 49(5))",
}


def label(mapping: dict[str, str], code: Any) -> str:
    return mapping.get(code, str(code)) if code is not None else "–"


@dataclass(frozen=True)
class AnswerLine:
    key: str
    question: str
    value: str


def format_answer_value(question, value: Any) -> str:
    """An answer in words: option labels for enums and lists, yes/no for booleans."""
    if value is None:
        return "not answered"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    options = {option.value: option.label for option in getattr(question, "options", None) or []}
    if isinstance(value, list):
        return ", ".join(options.get(item, str(item)) for item in value) or "None"
    if isinstance(value, float):
        return f"{value:.3g}"
    return options.get(value, str(value))
