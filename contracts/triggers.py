"""The Art 25 trigger preview: re-run the classification with a modification's effect, before saving it.

A modification is turned into the answers it changes (Art 25(1)(a)–(c), Art 3(23), the
classifier's one-third rule for GPAI model modifications), the system is classified
again with the rule pack on the timeline of its current snapshot, and every
`becomes_provider` ground that the new result holds and the current one does not is a
trigger. Nothing is written here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from assessments.selectors import current_classification
from assessments.services import classify
from vendors.models import AiSystem

GROUNDS = {
    "art25_1_a": ("our name or trademark is put on a high-risk system", "Art 25(1)(a)"),
    "art25_1_b": ("a substantial modification of a system that stays high-risk", "Art 3(23), Art 25(1)(b)"),
    "art25_1_c": ("the intended purpose changes so that the system becomes high-risk", "Art 25(1)(c)"),
    "art25_3": ("the system is placed on the market with our product under our name", "Art 25(3)"),
    "gpai_modification_over_one_third": (
        "the compute of our modifications exceeds one third of the original model's",
        "Art 3(63), Commission GPAI guidelines",
    ),
}
PURPOSE_KEY, POINTS_KEY = "org.changes_purpose_to_high_risk", "system.annex_iii_points"
# A new purpose's Art 6(3) exemption has not been assessed: the old answers about it no longer hold.
EXEMPTION_KEYS = ("system.art6_3_conditions", "system.art6_3_no_significant_risk")
COMPUTE_KEY = "org.modification_compute_flop"
# The modification's own fields, as the answer keys the classifier reports errors on.
FIELD_OF_ANSWER = {POINTS_KEY: "new_annex_iii_points", COMPUTE_KEY: "compute_flop"}


@dataclass(frozen=True)
class Trigger:
    ground: str
    description: str
    citation: str

    def as_dict(self) -> dict:
        return {"ground": self.ground, "description": self.description, "citation": self.citation}


@dataclass(frozen=True)
class Preview:
    system: AiSystem
    answers: dict
    timeline: str
    result: dict
    triggers: list[Trigger] = field(default_factory=list)
    new_duties: list[dict] = field(default_factory=list)  # obligations the new result adds
    cumulative_compute_flop: float | None = None

    @property
    def warning(self) -> str:
        if not self.triggers:
            return ""
        duties = ", ".join(f"{duty['article']} from {duty['applies_from']}" for duty in self.new_duties)
        grounds = "; ".join(f"{t.description} ({t.citation})" for t in self.triggers)
        text = f"This change would make {self.system.organisation.name} the provider of {self.system}: {grounds}."
        return f"{text} New duties: {duties}." if duties else text

    def as_dict(self) -> dict:
        return {
            "triggers": [trigger.as_dict() for trigger in self.triggers],
            "new_duties": self.new_duties,
            "risk_tier": self.result["risk_tier"],
            "roles": self.result["roles"],
            "warning": self.warning,
        }


def cumulative_compute(answers: Mapping[str, Any], values: Mapping[str, Any], previous: float | None) -> float | None:
    """Compute of all modifications so far plus this one (the one-third rule counts them together)."""
    if not values.get("compute_flop"):
        return previous
    base = previous if previous is not None else answers.get(COMPUTE_KEY) or 0
    return float(base) + float(values["compute_flop"])


def answers_with_effect(answers: Mapping[str, Any], values: Mapping[str, Any], compute: float | None) -> dict:
    """The classification answers as they stand once the modification is made."""
    changed = dict(answers)
    if values.get("substantial"):
        changed["org.substantially_modifies"] = True
    if values.get("new_annex_iii_points"):
        changed[PURPOSE_KEY] = True
        changed[POINTS_KEY] = sorted(set(answers.get(POINTS_KEY, [])) | set(values["new_annex_iii_points"]))
        for key in EXEMPTION_KEYS:
            changed.pop(key, None)
    if values.get("under_our_name"):
        changed["org.rebrands_high_risk_system"] = True
    if values.get("compute_flop"):
        changed["org.modifies_gpai_model"] = True
        changed[COMPUTE_KEY] = compute
    return changed


def preview_modification(system: AiSystem, values: Mapping[str, Any], previous_compute: float | None) -> Preview:
    """Classify the system as the modification would leave it; triggers are the grounds it adds."""
    current = current_classification(system)
    if current is None:
        raise ValidationError(
            {"ai_system": "Classify the system first: without a classification the Art 25 triggers cannot be checked."}
        )
    compute = cumulative_compute(current.answers, values, previous_compute)
    answers = answers_with_effect(current.answers, values, compute)
    try:
        result = classify(answers=answers, timeline=current.timeline)
    except ValidationError as error:
        raise ValidationError(
            {FIELD_OF_ANSWER.get(key, "__all__"): messages for key, messages in error.message_dict.items()}
        ) from error
    before = set(current.result.get("becomes_provider", {}).get("grounds", []))
    triggers = [
        Trigger(ground, *GROUNDS.get(ground, (ground, "Art 25")))
        for ground in result["becomes_provider"]["grounds"]
        if ground not in before
    ]
    held = {(duty["code"], duty["holder"]) for duty in current.result.get("obligations", [])}
    new_duties = [duty for duty in result["obligations"] if (duty["code"], duty["holder"]) not in held]
    return Preview(
        system=system,
        answers=answers,
        timeline=current.timeline,
        result=result,
        triggers=triggers,
        new_duties=new_duties if triggers else [],
        cumulative_compute_flop=compute,
    )
