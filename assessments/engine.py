"""The classification engine: a pure function from answers to the contract's result.

The law lives in the rule pack; this module only runs it. Rules are evaluated in pack
order; each may set facts, propose a risk tier, add entries to result lists, choose a
route, or declare the system out of scope (which ends the evaluation). The tier is the
most severe one proposed. Obligations are then matched against the roles held. Every
rule's verdict, with the statements that decided it, goes into the trace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assessments.conditions import is_number, parse_date, show
from assessments.rulepack import (
    FIXED_LIST_VALUES,
    LEGACY_FACTS,
    LISTS_FROM_QUESTIONS,
    TIERS_BY_SEVERITY,
    TIMELINE_KEY,
    Outcome,
    Pack,
    Question,
)

RESULT_LISTS = (*LISTS_FROM_QUESTIONS, *FIXED_LIST_VALUES, "required_documents")


# ---------------------------------------------------------------------------- answers


def validate_answers(pack: Pack, answers: dict, timeline: str) -> dict[str, list[str]]:
    """Problems by answer key; {} when the answers may be evaluated on this timeline."""
    if timeline not in pack.timelines:
        return {"timeline": [f'unknown timeline "{timeline}"']}
    questions = pack.questions_by_timeline[timeline]
    errors: dict[str, list[str]] = {}
    for key, value in answers.items():
        question = questions.get(key)
        problems = ["unknown question"] if question is None else _answer_problems(pack, question, value, timeline)
        if problems:
            errors[str(key)] = problems
    return errors


def _answer_problems(pack: Pack, question: Question, value: Any, timeline: str) -> list[str]:
    kind = question.type
    if kind == "bool":
        return [] if isinstance(value, bool) else [f"expected true or false, got {_json_type(value)}"]
    if kind == "number":
        if not is_number(value) or value != value or value in (float("inf"), float("-inf")):
            return [f"expected a number, got {_json_type(value)}"]
        return [] if value >= 0 else ["must not be negative"]
    if kind == "date":
        return [] if isinstance(value, str) and parse_date(value) else ["expected a date YYYY-MM-DD"]
    if kind == "enum":
        if not isinstance(value, str):
            return [f"expected one of the options, got {_json_type(value)}"]
        return _option_problems(pack, question, [value], timeline)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return [f"expected a list of options, got {_json_type(value)}"]
    return _option_problems(pack, question, value, timeline)


def _option_problems(pack: Pack, question: Question, values: list[str], timeline: str) -> list[str]:
    on_timeline = {option.value for option in question.options}
    anywhere = {option.value for option in pack.questions[question.id].options}
    problems = []
    for value in values:
        if value not in anywhere:
            problems.append(f'unknown value "{value}"')
        elif value not in on_timeline:
            problems.append(f'value "{value}" does not exist on timeline "{timeline}"')
    return problems


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if is_number(value):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


def visible_questions(pack: Pack, answers: dict, timeline: str) -> list[Question]:
    """The questions worth asking for these answers, in pack order, with this timeline's options.

    A hidden question counts as unanswered, so what depends on it is hidden or defaulted too.
    """
    visible: set[str] = set()
    reader = _VisibilityReader(pack, answers, visible)
    for question_id in pack.visibility_order:
        show_if = pack.questions[question_id].show_if
        if show_if is None or show_if(reader)[0]:
            visible.add(question_id)
    questions = pack.questions_by_timeline[timeline]
    return [questions[question_id] for question_id in pack.questions if question_id in visible]


@dataclass
class _VisibilityReader:
    pack: Pack
    answers: dict
    visible: set[str]

    def is_answered(self, key: str) -> bool:
        return key in self.answers and key in self.visible

    def value(self, key: str) -> Any:
        return self.answers[key] if self.is_answered(key) else self.pack.questions[key].default


# ---------------------------------------------------------------------------- evaluation


@dataclass
class _State:
    """What the rules know so far: answers (with defaults), facts, roles and result lists.

    An unanswered key reads as its inferred value if a fired rule presumed one, else as its default;
    an answered key always reads as the answer (pack 2026.3: explicit answers win).
    """

    pack: Pack
    answers: dict
    facts: dict[str, Any]
    timeline: str
    lists: dict[str, set[str]] = field(default_factory=lambda: {name: set() for name in RESULT_LISTS})
    defaulted: dict[str, Any] = field(default_factory=dict)
    inferred: dict[str, Any] = field(default_factory=dict)
    tiers: set[str] = field(default_factory=set)
    route: str | None = None
    conformity_route: str | None = None

    def is_answered(self, key: str) -> bool:
        return key in self.answers

    def value(self, key: str) -> Any:
        if key == TIMELINE_KEY:
            return self.timeline
        if key.startswith("fact."):
            return self.facts.get(key)
        if key.startswith("role."):
            return key.removeprefix("role.") in self.lists["roles"]
        if key in self.answers:
            return self.answers[key]
        if key in self.inferred:
            return self.inferred[key]
        default = self.pack.questions[key].default
        self.defaulted[key] = default
        return default

    def infer(self, key: str, value: Any) -> str:
        """Presume an unanswered key's value; an answer stands. Returns what happened, for the trace."""
        if key in self.answers:
            return f"{key} was answered {show(self.answers[key])}, so the inference ({show(value)}) is not used"
        self.inferred[key] = value
        self.defaulted.pop(key, None)
        return f"therefore {key} = {show(value)} (inferred; answer the question to say otherwise)"


@dataclass(frozen=True)
class Result:
    pack: dict
    in_scope: bool
    risk_tier: str
    prohibited_practices: list[str]
    high_risk_route: str | None
    annex_iii_points: list[str]
    art6_3_exempt: bool
    transparency_obligations: list[str]
    gpai: dict
    roles: list[str]
    becomes_provider: dict
    conformity_route: str | None
    fria_required: bool
    registration: dict
    obligations: list[dict]
    required_documents: list[str]
    trace: list[dict]
    legacy_system: dict | None = None  # from pack 2026.3 on (Art 111(2)); absent from older packs' results
    # Not part of the contract's result: the values the rules presumed for unanswered keys.
    inferred: dict = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict:
        result = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "inferred"}
        if result["legacy_system"] is None:
            del result["legacy_system"]
        return result


def evaluate(pack: Pack, answers: dict, timeline: str) -> Result:
    """Classify valid answers (see validate_answers) on a timeline of the pack."""
    state = _State(pack, dict(answers), facts=dict.fromkeys(sorted(pack.facts), False), timeline=timeline)
    trace: list[dict] = []
    in_scope = True
    for rule in pack.rules:
        held, because = rule.when(state)
        if held:
            because = because + _apply(rule.then, state)
        trace.append({"rule": rule.id, "fired": held, "because": because, "citation": rule.citation})
        if held and rule.then.out_of_scope:
            in_scope = False
            break
    pack_info = {"id": pack.id, "version": pack.version, "sha256": pack.sha256, "timeline": timeline}
    if not in_scope:
        return _out_of_scope_result(pack_info, _with_defaults(trace, state), state)
    obligations = _obligations(pack, state, timeline)
    return _result(pack_info, state, obligations, _with_defaults(trace, state))


def _apply(outcome: Outcome, state: _State) -> list[str]:
    """Apply one fired rule's outcome; returns what it concluded, in words, for the trace."""
    concluded = [state.infer(key, value) for key, value in outcome.inferences]
    for name, expression in outcome.facts:
        value, how = expression.evaluate(state)
        state.facts[name] = value
        concluded.append(f"therefore {name} = {how}")
    for slot, values in outcome.additions:
        state.lists[slot].update(values)
        concluded.append(f"therefore {slot} += {show(values)}")
    if outcome.tier:
        state.tiers.add(outcome.tier)
        concluded.append(f"therefore risk tier at least {outcome.tier}")
    if outcome.route:
        state.route = outcome.route
        concluded.append(f"therefore high-risk route {outcome.route}")
    if outcome.conformity_route:
        state.conformity_route = outcome.conformity_route
        concluded.append(f"therefore conformity route {outcome.conformity_route}")
    if outcome.out_of_scope:
        concluded.append("therefore the AI Act does not apply: out of scope")
    return concluded


def _with_defaults(trace: list[dict], state: _State) -> list[dict]:
    """Say which unanswered questions were read, and the default each took."""
    if not state.defaulted:
        return trace
    because = [f"{key} not answered: default {show(value)} used" for key, value in sorted(state.defaulted.items())]
    return [{"rule": "defaults", "fired": True, "because": because, "citation": ""}, *trace]


def _obligations(pack: Pack, state: _State, timeline: str) -> list[dict]:
    dates = pack.timelines[timeline]
    found = []
    for obligation in pack.obligations:
        holders = [role for role in obligation.holders if role in state.lists["roles"]]
        if not holders or not obligation.when(state)[0]:
            continue
        key = next(choice.key for choice in obligation.timeline if choice.when is None or choice.when(state)[0])
        if dates[key] is None:
            continue  # the duty does not exist on this timeline
        found += [
            {"code": obligation.code, "article": obligation.article, "applies_from": dates[key], "holder": holder}
            for holder in holders
        ]
    return found


def _tier(state: _State) -> str:
    return max(state.tiers | {"minimal_risk"}, key=TIERS_BY_SEVERITY.index)


def _result(pack_info: dict, state: _State, obligations: list[dict], trace: list[dict]) -> Result:
    lists = {name: sorted(values) for name, values in state.lists.items()}
    facts = state.facts
    return Result(
        pack=pack_info,
        in_scope=True,
        risk_tier=_tier(state),
        prohibited_practices=lists["prohibited_practices"],
        high_risk_route=state.route,
        annex_iii_points=lists["annex_iii_points"],
        art6_3_exempt=facts["fact.art6_3_exempt"] is True,
        transparency_obligations=lists["transparency_obligations"],
        gpai={"is_gpai": facts["fact.gpai"] is True, "systemic_risk": facts["fact.gpai_systemic_risk"] is True},
        roles=lists["roles"],
        becomes_provider={
            "value": bool(lists["becomes_provider_grounds"]),
            "grounds": lists["becomes_provider_grounds"],
        },
        conformity_route=state.conformity_route,
        fria_required=facts["fact.fria_required"] is True,
        registration={
            "required": bool(lists["registration_sections"]),
            "sections": lists["registration_sections"],
            "restricted": bool(lists["registration_sections"]) and facts["fact.registration_restricted"] is True,
        },
        obligations=obligations,
        required_documents=lists["required_documents"],
        trace=trace,
        legacy_system=_legacy_system(state),
        inferred=dict(state.inferred),
    )


def _legacy_system(state: _State) -> dict | None:
    """Art 111(2) in the result, when the pack derives it: whether it applies, the cut-off, the 2030 date."""
    if not all(fact in state.pack.facts for fact in LEGACY_FACTS):
        return None
    facts = state.facts
    return {
        "applies": facts["fact.legacy_system"] is True,
        "cut_off": facts["fact.legacy_cut_off"] or None,
        "comply_by": facts["fact.legacy_comply_by"] or None,
    }


def _out_of_scope_result(pack_info: dict, trace: list[dict], state: _State) -> Result:
    return Result(
        pack=pack_info,
        in_scope=False,
        risk_tier="out_of_scope",
        prohibited_practices=[],
        high_risk_route=None,
        annex_iii_points=[],
        art6_3_exempt=False,
        transparency_obligations=[],
        gpai={"is_gpai": False, "systemic_risk": False},
        roles=[],
        becomes_provider={"value": False, "grounds": []},
        conformity_route=None,
        fria_required=False,
        registration={"required": False, "sections": [], "restricted": False},
        obligations=[],
        required_documents=[],
        trace=trace,
        legacy_system=None if _legacy_system(state) is None else {"applies": False, "cut_off": None, "comply_by": None},
        inferred=dict(state.inferred),
    )


__all__ = ["Result", "evaluate", "validate_answers", "visible_questions"]
