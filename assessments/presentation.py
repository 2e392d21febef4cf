"""Plain-language labels for the values of a classification result, for pages and PDFs.

The codes are the public contract's (spec/classification.md); the labels are ours.
Labels of questions, options, obligations and document types come from the rule pack,
those of risk tiers from assessments.models.RiskTier.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assessments import engine
from assessments.models import RiskTier

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
    prefilled_from: str = ""  # the register fact the answer was taken from, if it was pre-filled
    defaulted: bool = False  # left unanswered: the value shown is the default


# Art 99(3): the ceiling for engaging in a prohibited practice; Art 99(6): the lower of the two for SMEs.
PROHIBITED_FINE_CEILING = (
    "up to EUR 35 million or 7 % of total worldwide annual turnover for the preceding financial year, "
    "whichever is higher (for an SME or start-up, whichever is lower)"
)
PROHIBITED_FINE_CITATION = "Art 99(3), Art 99(6)"


@dataclass(frozen=True)
class ProhibitedNotice:
    practices: list[str]
    banned_since: str | None  # ISO date from which the ban applies
    fine: str = PROHIBITED_FINE_CEILING
    citation: str = PROHIBITED_FINE_CITATION


def prohibited_notice(pack, result: dict) -> ProhibitedNotice | None:
    """A banned practice in plain words, the date of the ban and the fine ceiling; None when none."""
    if result.get("risk_tier") != "prohibited":
        return None
    dates = sorted(o["applies_from"] for o in result["obligations"] if o["article"].startswith("Art 5"))
    return ProhibitedNotice(
        practices=[pack.option_label("system.prohibited_practices", p) for p in result["prohibited_practices"]],
        banned_since=dates[0] if dates else None,
    )


@dataclass(frozen=True)
class LegacyNotice:
    cut_off: str
    comply_by: str | None
    held_back: list[dict]  # obligations that would apply if the system changed significantly


def legacy_notice(pack, answers: dict, timeline: str, result: dict) -> LegacyNotice | None:
    """Why a legacy system's high-risk duties do not apply (Art 111(2)), which ones, and until when."""
    legacy = result.get("legacy_system") or {}
    if not legacy.get("applies"):
        return None
    return LegacyNotice(legacy["cut_off"], legacy["comply_by"], _held_back(pack, answers, timeline, result))


def _held_back(pack, answers: dict, timeline: str, result: dict) -> list[dict]:
    """The duties the same system would owe once significantly changed, which it does not owe now."""
    changed = {**answers, "system.significant_design_change_since": True}
    if engine.validate_answers(pack, changed, timeline):
        return []
    owed = {(o["code"], o["holder"]) for o in result["obligations"]}
    return [
        {**o, "label": pack.obligation_label(o["code"]), "holder": label(ROLE_LABELS, o["holder"])}
        for o in engine.evaluate(pack, changed, timeline).obligations
        if (o["code"], o["holder"]) not in owed
    ]


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


FIELD_TITLES = {
    "in_scope": "In scope of the AI Act",
    "risk_tier": "Risk tier",
    "prohibited_practices": "Prohibited practices",
    "high_risk_route": "High-risk route",
    "annex_iii_points": "Annex III points",
    "art6_3_exempt": "Art 6(3) derogation",
    "transparency_obligations": "Transparency duties",
    "gpai": "General-purpose AI model",
    "roles": "Our roles",
    "becomes_provider": "We become the provider",
    "conformity_route": "Conformity route",
    "fria_required": "Fundamental rights impact assessment",
    "registration": "Registration",
    "obligations": "Obligations and their dates",
    "required_documents": "Documents to collect",
    "legacy_system": "Legacy system (Art 111(2))",
}


@dataclass(frozen=True)
class ChangeLine:
    """One changed result field in words: lists as what was added and removed, others as before → after."""

    title: str
    before: str = ""
    after: str = ""
    removed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()


def describe_change(change, before_pack, after_pack) -> ChangeLine:
    """A changed field of the result, each side in the words of the pack that produced it."""
    title = FIELD_TITLES.get(change.key, change.key)
    if isinstance(change.before, list) or isinstance(change.after, list):
        before = [_item_words(change.key, item, before_pack) for item in change.before or []]
        after = [_item_words(change.key, item, after_pack) for item in change.after or []]
        return ChangeLine(
            title,
            removed=tuple(item for item in before if item not in after),
            added=tuple(item for item in after if item not in before),
        )
    return ChangeLine(title, _value_words(change.key, change.before), _value_words(change.key, change.after))


def _item_words(key: str, item: Any, pack) -> str:
    if key == "obligations":
        holder = label(ROLE_LABELS, item["holder"])
        return f"{item['article']}: {pack.obligation_label(item['code'])} ({holder}), from {item['applies_from']}"
    if key == "required_documents":
        return pack.document_label(item)
    if key == "roles":
        return label(ROLE_LABELS, item)
    if key == "transparency_obligations":
        return label(TRANSPARENCY_LABELS, item)
    if key == "prohibited_practices":
        return pack.option_label("system.prohibited_practices", item)
    if key == "annex_iii_points":
        return pack.option_label("system.annex_iii_points", item)
    return str(item)


def _value_words(key: str, value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if key == "risk_tier":
        return RiskTier(value).label if value in RiskTier.values else value
    if key == "high_risk_route":
        return label(ROUTE_LABELS, value)
    if key == "conformity_route":
        return label(CONFORMITY_ROUTE_LABELS, value)
    if key == "legacy_system":
        if not value.get("applies"):
            return "No"
        until = f"; high-risk duties from {value['comply_by']}" if value.get("comply_by") else ""
        return f"Yes, on the market before {value['cut_off']}{until}"
    if key == "becomes_provider":
        return ", ".join(label(GROUND_LABELS, g) for g in value.get("grounds", [])) or "No"
    if key == "registration":
        sections = ", ".join(label(REGISTRATION_SECTION_LABELS, s) for s in value.get("sections", []))
        return (sections + (" (restricted)" if value.get("restricted") else "")) or "None"
    if key == "gpai":
        if not value.get("is_gpai"):
            return "No"
        return "Yes, with systemic risk" if value.get("systemic_risk") else "Yes, without systemic risk"
    return str(value)
