"""The deployer duties catalogue: versioned YAML beside the rule pack, validated when it is loaded.

A duty applies to a system when its current classification gives us, as deployer, the pack
obligation the duty names and the duty's condition (the rule pack's condition language,
`assessments.conditions`) holds over the stored result and answers. Nothing is `eval`led.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assessments.conditions import Condition, PackError, compile_condition, parse_date
from assessments.rulepack import Pack, default_pack

CATALOGUE_PATH = Path(__file__).resolve().parent / "catalogue" / "deployer-duties.yaml"
DEPLOYER = "deployer"

# The structured record each kind of duty keeps (see duties/records.py for their fields).
RECORD_KINDS = (
    "none",
    "oversight",
    "input_data",
    "logs",
    "workers_notice",
    "persons_notice",
    "dpia",
    "fria",
    "registration",
    "disclosure",
)
# The red flags duties registers (duties/red_flags.py); a pre-use duty names one of them.
DUTY_FLAGS = (
    "fria_missing_before_use",
    "workers_not_informed_before_use",
    "no_human_oversight_assigned",
    "log_retention_too_short",
    "public_registration_missing",
)
# Result fields a condition may read as `result.<field>`.
RESULT_KEYS = frozenset(
    {
        "result.in_scope",
        "result.risk_tier",
        "result.fria_required",
        "result.roles",
        "result.annex_iii_points",
        "result.transparency_obligations",
        "result.required_documents",
        "result.legacy_system",
        "result.high_risk_route",
        "result.art6_3_exempt",
        "result.registration.sections",
    }
)
MAX_CADENCE_MONTHS = 60


@dataclass(frozen=True)
class DutySpec:
    code: str
    article: str
    label: str
    explanation: str
    obligation: str
    when: Condition | None
    pre_use: bool
    acceptable: bool
    record: str
    red_flag: str
    cadence_months: int | None


@dataclass(frozen=True)
class Catalogue:
    id: str
    version: str
    rule_pack: str
    title: str
    sha256: str
    duties: dict[str, DutySpec]

    def spec(self, code: str) -> DutySpec | None:
        return self.duties.get(code)

    def label(self, code: str) -> str:
        spec = self.spec(code)
        return spec.label if spec else code.replace("_", " ").capitalize()


@dataclass(frozen=True)
class ApplicableDuty:
    spec: DutySpec
    applies_from: dt.date | None


class ClassificationReader:
    """Reads a stored classification for a duty condition: result fields and answers (with pack defaults)."""

    def __init__(self, result: dict, answers: dict, pack: Pack):
        self.result, self.answers, self.pack = result, answers, pack

    def is_answered(self, key: str) -> bool:
        return key in self.answers

    def value(self, key: str) -> Any:
        if key == "result.legacy_system":
            return is_legacy(self.result)
        if key == "result.registration.sections":
            return list((self.result.get("registration") or {}).get("sections", []))
        if key.startswith("result."):
            return self.result.get(key.removeprefix("result."))
        if key in self.answers:
            return self.answers[key]
        question = self.pack.questions.get(key)
        return question.default if question else None


def is_legacy(result: dict) -> bool:
    """Art 111(2): a legacy high-risk system. Packs from 2026.3 state it as `legacy_system: {applies, cut_off,
    comply_by}`; earlier packs do not state it (not legacy)."""
    legacy = result.get("legacy_system")
    if isinstance(legacy, dict):
        legacy = legacy.get("applies")
    return legacy is True


def applicable_duties(catalogue: Catalogue, result: dict, answers: dict) -> list[ApplicableDuty]:
    """The duties a classification result gives us as deployer, in catalogue order."""
    held = {
        item["code"]: parse_date(item.get("applies_from"))
        for item in result.get("obligations", [])
        if item.get("holder") == DEPLOYER
    }
    reader = ClassificationReader(result, answers, default_pack())
    found = []
    for spec in catalogue.duties.values():
        if spec.obligation not in held:
            continue
        if spec.when is not None and not spec.when(reader)[0]:
            continue
        found.append(ApplicableDuty(spec, held[spec.obligation]))
    return found


# Loading -------------------------------------------------------------------------------


@functools.cache
def default_catalogue() -> Catalogue:
    return load_catalogue(CATALOGUE_PATH, default_pack())


def load_catalogue(path: str | Path, pack: Pack) -> Catalogue:
    raw_bytes = Path(path).read_bytes()
    try:
        data = yaml.safe_load(raw_bytes)
    except yaml.YAMLError as error:
        raise PackError(f"{path}: not valid YAML: {error}") from error
    return _build(data, pack, hashlib.sha256(raw_bytes).hexdigest())


TOP_FIELDS = ("id", "version", "rule_pack", "title", "duties")
DUTY_FIELDS = ("code", "article", "label", "explanation", "obligation", "record")
DUTY_OPTIONAL = ("when", "pre_use", "acceptable", "red_flag", "cadence_months")


def _build(data: Any, pack: Pack, sha256: str) -> Catalogue:
    _fields(data, "catalogue", TOP_FIELDS)
    if data["rule_pack"] != pack.id:
        raise PackError(f"catalogue.rule_pack: '{data['rule_pack']}' is not the rule pack '{pack.id}'")
    if not isinstance(data["duties"], list) or not data["duties"]:
        raise PackError("catalogue.duties: expected a non-empty list")
    duties: dict[str, DutySpec] = {}
    for index, item in enumerate(data["duties"]):
        spec = _duty(item, f"duties[{index}]", pack)
        if spec.code in duties:
            raise PackError(f"duties[{index}]: duplicate code '{spec.code}'")
        duties[spec.code] = spec
    return Catalogue(
        id=_text(data, "id", "catalogue"),
        version=str(data["version"]),
        rule_pack=data["rule_pack"],
        title=_text(data, "title", "catalogue"),
        sha256=sha256,
        duties=duties,
    )


def _duty(item: Any, place: str, pack: Pack) -> DutySpec:
    _fields(item, place, DUTY_FIELDS, DUTY_OPTIONAL)
    deployer_obligations = {o.code for o in pack.obligations if DEPLOYER in o.holders}
    obligation = _text(item, "obligation", place)
    if obligation not in deployer_obligations:
        raise PackError(f"{place}.obligation: '{obligation}' is not an obligation the pack gives a deployer")
    record = _choice(item["record"], RECORD_KINDS, f"{place}.record", "record kind")
    pre_use = _flag(item, "pre_use", place, default=False)
    red_flag = item.get("red_flag", "")
    if red_flag:
        _choice(red_flag, DUTY_FLAGS, f"{place}.red_flag", "red flag")
    if pre_use and not red_flag:
        raise PackError(f"{place}: a pre-use duty names the red flag that stands for it while open")
    return DutySpec(
        code=_text(item, "code", place),
        article=_text(item, "article", place),
        label=_text(item, "label", place),
        explanation=_text(item, "explanation", place).strip(),
        obligation=obligation,
        when=_condition(item.get("when"), f"{place}.when", pack),
        pre_use=pre_use,
        acceptable=_flag(item, "acceptable", place, default=True),
        record=record,
        red_flag=red_flag,
        cadence_months=_cadence(item.get("cadence_months"), f"{place}.cadence_months"),
    )


def _condition(raw: Any, place: str, pack: Pack) -> Condition | None:
    if raw is None:
        return None

    def check_key(key: str, where: str) -> None:
        if key not in RESULT_KEYS and key not in pack.questions:
            raise PackError(f"{where}: unknown key '{key}' (a result field or a question of the pack)")

    return compile_condition(raw, place, check_key)


def _fields(data: Any, place: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> None:
    if not isinstance(data, dict):
        raise PackError(f"{place}: expected a mapping")
    for key in data:
        if key not in (*required, *optional):
            raise PackError(f"{place}: unknown field '{key}'")
    for key in required:
        if key not in data:
            raise PackError(f"{place}: missing field '{key}'")


def _text(data: dict, key: str, place: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PackError(f"{place}.{key}: expected text")
    return value


def _choice(value: Any, allowed: tuple[str, ...], place: str, what: str) -> str:
    if value not in allowed:
        raise PackError(f"{place}: unknown {what} '{value}'")
    return value


def _flag(data: dict, key: str, place: str, *, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise PackError(f"{place}.{key}: expected true or false")
    return value


def _cadence(value: Any, place: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_CADENCE_MONTHS:
        raise PackError(f"{place}: expected a number of months between 1 and {MAX_CADENCE_MONTHS}")
    return value
