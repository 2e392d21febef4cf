"""Rule packs: the law as versioned YAML data, loaded and validated once.

A pack holds the questionnaire (sections, questions), the rules that turn answers into
facts and result entries, the dated obligations, the document types with their
verification checklists, and the timelines of application dates. Loading refuses
anything it does not understand, with a message naming the place, so a typo in the
law cannot silently change a classification. No Django here: the engine and this
module are plain Python.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from assessments.conditions import Condition, PackError, Reader, compile_condition, is_number, parse_date, show

__all__ = ["Pack", "PackError", "default_pack", "load_pack"]

DEFAULT_PACK_PATH = Path(__file__).parent / "rulepacks" / "eu-ai-act.yaml"

ROLES = ("provider", "deployer", "importer", "distributor", "authorised_representative", "product_manufacturer")
TIERS_BY_SEVERITY = ("minimal_risk", "limited_risk", "high_risk", "prohibited")
HIGH_RISK_ROUTES = ("annex_i", "annex_iii")
CONFORMITY_ROUTES = ("annex_vi_internal_control", "annex_vii_notified_body", "annex_vi_or_vii", "sectoral")
QUESTION_TYPES = ("bool", "enum", "multi", "number", "date")
DOCUMENT_SCOPES = ("system", "vendor")
DOCUMENT_PROVIDERS = ("vendor", "us")
# Facts the engine copies into the contract's result; every pack must derive them.
RESULT_FACTS = (
    "fact.art6_3_exempt",
    "fact.fria_required",
    "fact.gpai",
    "fact.gpai_systemic_risk",
    "fact.registration_restricted",
)
# Result lists a rule may add to, with the values each accepts (None: taken from the pack).
FIXED_LIST_VALUES = {
    "transparency_obligations": ("50_1", "50_2", "50_3", "50_4_deep_fake", "50_4_text"),
    "roles": ROLES,
    "becomes_provider_grounds": ("art25_1_a", "art25_1_b", "art25_1_c", "art25_3", "gpai_modification_over_one_third"),
    "registration_sections": ("A", "B", "C", "national"),
}
LISTS_FROM_QUESTIONS = {
    "prohibited_practices": "system.prohibited_practices",
    "annex_iii_points": "system.annex_iii_points",
}


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    timelines: tuple[str, ...] | None = None  # None: known on every timeline


@dataclass(frozen=True)
class Question:
    id: str
    section: str
    type: str
    text: str
    help: str
    citation: str
    options: tuple[Option, ...]
    default: Any
    show_if: Condition | None


@dataclass(frozen=True)
class Expression:
    """A value a rule computes for a fact: a literal, or the little arithmetic the law needs."""

    evaluate: Callable[[Reader], tuple[Any, str]]  # → (value, how it was obtained, for the trace)


@dataclass(frozen=True)
class Outcome:
    tier: str | None = None
    facts: tuple[tuple[str, Expression], ...] = ()
    additions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    route: str | None = None
    conformity_route: str | None = None
    out_of_scope: bool = False


@dataclass(frozen=True)
class Rule:
    id: str
    when: Condition
    then: Outcome
    citation: str
    explanation: str


@dataclass(frozen=True)
class TimelineChoice:
    when: Condition | None
    key: str


@dataclass(frozen=True)
class Obligation:
    code: str
    article: str
    holders: tuple[str, ...]
    when: Condition
    timeline: tuple[TimelineChoice, ...]  # the first choice whose condition holds gives the date
    label: str


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: str
    citation: str
    mandatory: bool


@dataclass(frozen=True)
class DocumentType:
    code: str
    label: str
    scope: str
    provided_by: str
    citation: str
    description: str
    checklist: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Pack:
    id: str
    version: str
    title: str
    sha256: str
    sources: tuple[Source, ...]
    sections: tuple[Section, ...]
    questions: dict[str, Question]
    rules: tuple[Rule, ...]
    obligations: tuple[Obligation, ...]
    document_types: dict[str, DocumentType]
    timelines: dict[str, dict[str, str | None]]
    facts: frozenset[str] = field(repr=False)
    visibility_order: tuple[str, ...] = field(repr=False)  # questions after those their show_if reads
    questions_by_timeline: dict[str, dict[str, Question]] = field(repr=False)

    @property
    def timeline_names(self) -> tuple[str, ...]:
        return tuple(self.timelines)

    @property
    def default_timeline(self) -> str:
        return self.timeline_names[0]

    def option_label(self, question_id: str, value: str) -> str:
        question = self.questions.get(question_id)
        options = {option.value: option.label for option in question.options} if question else {}
        return options.get(value, str(value))

    def document_label(self, code: str) -> str:
        document = self.document_types.get(code)
        return document.label if document else code

    def obligation_label(self, code: str) -> str:
        return next((obligation.label for obligation in self.obligations if obligation.code == code), code)


@functools.cache
def default_pack() -> Pack:
    return load_pack(DEFAULT_PACK_PATH)


def load_pack(path: str | Path) -> Pack:
    return _PackBuilder(*read_yaml(path)).build()


def read_yaml(path: str | Path) -> tuple[Any, str]:
    """A YAML data file (a rule pack, a catalogue) and the SHA-256 of its bytes; PackError if it is not YAML."""
    raw_bytes = Path(path).read_bytes()
    try:
        data = yaml.load(raw_bytes, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        raise PackError(f"{path}: not valid YAML: {error}") from error
    return data, hashlib.sha256(raw_bytes).hexdigest()


# ---------------------------------------------------------------------------- validation helpers


def _mapping(data: Any, place: str, required: Iterable[str], optional: Iterable[str] = ()) -> dict:
    _free_mapping(data, place)
    required = tuple(required)
    allowed = set(required) | set(optional)
    for key in data:
        if key not in allowed:
            raise PackError(f"{place}: unknown field '{key}'")
    for key in required:
        if key not in data:
            raise PackError(f"{place}: missing field '{key}'")
    return data


def _free_mapping(data: Any, place: str) -> dict:
    """A mapping whose keys are data (timeline names, fact names), not fields."""
    if not isinstance(data, dict):
        raise PackError(f"{place}: expected a mapping")
    return data


def _text(data: dict, key: str, place: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or (default is None and not value.strip()):
        raise PackError(f"{place}.{key}: expected text")
    return value


def _list(data: Any, place: str) -> list:
    if not isinstance(data, list):
        raise PackError(f"{place}: expected a list")
    return data


def _one_of(value: Any, allowed: Iterable[str], place: str, what: str) -> str:
    allowed = tuple(allowed)
    if value not in allowed:
        raise PackError(f"{place}: unknown {what} '{value}'")
    return value


def _unique(ids: list[str], place: str) -> None:
    seen: set[str] = set()
    for id_ in ids:
        if id_ in seen:
            raise PackError(f"{place}: duplicate id '{id_}'")
        seen.add(id_)


# ---------------------------------------------------------------------------- the builder


class _PackBuilder:
    """Turns parsed YAML into a Pack, in an order where each part may rely on the parts before."""

    TOP_FIELDS = ("id", "version", "title", "sources", "sections", "timelines", "document_types", "questions")
    TOP_FIELDS_AFTER_QUESTIONS = ("rules", "obligations")

    def __init__(self, data: Any, sha256: str):
        self.data = _mapping(data, "pack", self.TOP_FIELDS + self.TOP_FIELDS_AFTER_QUESTIONS)
        self.sha256 = sha256
        self.facts: set[str] = set()

    def build(self) -> Pack:
        self.timelines = self._timelines()
        self.sections = self._sections()
        self.document_types = self._document_types()
        self.questions = self._questions()
        visibility_order = self._visibility_order()
        rules = self._rules()
        missing = [fact for fact in RESULT_FACTS if fact not in self.facts]
        if missing:
            raise PackError(f"rules: no rule sets {', '.join(missing)}, which the result needs")
        return Pack(
            id=_text(self.data, "id", "pack"),
            version=str(self.data["version"]),
            title=_text(self.data, "title", "pack"),
            sha256=self.sha256,
            sources=self._sources(),
            sections=self.sections,
            questions=self.questions,
            rules=rules,
            obligations=self._obligations(),
            document_types=self.document_types,
            timelines=self.timelines,
            facts=frozenset(self.facts),
            visibility_order=visibility_order,
            questions_by_timeline={name: self._questions_on(name) for name in self.timelines},
        )

    # -- plain parts

    def _sources(self) -> tuple[Source, ...]:
        sources = []
        for index, item in enumerate(_list(self.data["sources"], "sources")):
            place = f"sources[{index}]"
            _mapping(item, place, ("title", "url"))
            sources.append(Source(_text(item, "title", place), _text(item, "url", place)))
        return tuple(sources)

    def _timelines(self) -> dict[str, dict[str, str | None]]:
        raw = _free_mapping(self.data["timelines"], "timelines")
        if not raw:
            raise PackError("timelines: at least one timeline is needed")
        timelines: dict[str, dict[str, str | None]] = {}
        for name, dates in raw.items():
            place = f"timelines.{name}"
            timelines[str(name)] = {
                str(key): self._timeline_date(value, f"{place}.{key}")
                for key, value in _free_mapping(dates, place).items()
            }
        first_keys = set(next(iter(timelines.values())))
        for name, dates in timelines.items():
            if set(dates) != first_keys:
                raise PackError(
                    f"timelines.{name}: keys differ from the first timeline's: {sorted(set(dates) ^ first_keys)}"
                )
        return timelines

    @staticmethod
    def _timeline_date(value: Any, place: str) -> str | None:
        if value is None:
            return None  # the duty does not exist on this timeline
        date = parse_date(value)
        if date is None:
            raise PackError(f"{place}: expected a date YYYY-MM-DD or null")
        return date.isoformat()

    def _sections(self) -> tuple[Section, ...]:
        sections = []
        for index, item in enumerate(_list(self.data["sections"], "sections")):
            place = f"sections[{index}]"
            _mapping(item, place, ("id", "title"), ("intro",))
            sections.append(
                Section(_text(item, "id", place), _text(item, "title", place), _text(item, "intro", place, ""))
            )
        _unique([section.id for section in sections], "sections")
        return tuple(sections)

    def _document_types(self) -> dict[str, DocumentType]:
        documents: dict[str, DocumentType] = {}
        for index, item in enumerate(_list(self.data["document_types"], "document_types")):
            place = f"document_types[{index}]"
            _mapping(item, place, ("code", "label", "scope", "provided_by", "citation", "description", "checklist"))
            code = _text(item, "code", place)
            if code in documents:
                raise PackError(f"{place}: duplicate code '{code}'")
            documents[code] = DocumentType(
                code=code,
                label=_text(item, "label", place),
                scope=_one_of(item["scope"], DOCUMENT_SCOPES, f"{place}.scope", "scope"),
                provided_by=_one_of(item["provided_by"], DOCUMENT_PROVIDERS, f"{place}.provided_by", "provider"),
                citation=_text(item, "citation", place),
                description=_text(item, "description", place),
                checklist=self._checklist(item["checklist"], f"{place}.checklist"),
            )
        return documents

    @staticmethod
    def _checklist(raw: Any, place: str) -> tuple[ChecklistItem, ...]:
        items = []
        for index, item in enumerate(_list(raw, place)):
            where = f"{place}[{index}]"
            _mapping(item, where, ("id", "text", "citation", "mandatory"))
            if not isinstance(item["mandatory"], bool):
                raise PackError(f"{where}.mandatory: expected true or false")
            items.append(
                ChecklistItem(
                    _text(item, "id", where),
                    _text(item, "text", where),
                    _text(item, "citation", where),
                    item["mandatory"],
                )
            )
        if not items:
            raise PackError(f"{place}: a document type needs at least one checklist item")
        _unique([item.id for item in items], place)
        return tuple(items)

    # -- questions

    def _questions(self) -> dict[str, Question]:
        raw_questions = _list(self.data["questions"], "questions")
        ids = [item.get("id") if isinstance(item, dict) else None for item in raw_questions]
        self.question_ids = {id_ for id_ in ids if isinstance(id_, str)}
        questions: dict[str, Question] = {}
        for index, item in enumerate(raw_questions):
            question = self._question(item, f"questions[{index}]")
            if question.id in questions:
                raise PackError(f"questions[{index}]: duplicate id '{question.id}'")
            questions[question.id] = question
        return questions

    def _question(self, item: Any, place: str) -> Question:
        _mapping(item, place, ("id", "section", "type", "text", "citation"), ("help", "options", "default", "show_if"))
        question_id = _text(item, "id", place)
        place = f"{place} ({question_id})"
        kind = _one_of(item["type"], QUESTION_TYPES, f"{place}.type", "question type")
        options = self._options(item.get("options"), kind, f"{place}.options")
        show_if = item.get("show_if")
        return Question(
            id=question_id,
            section=_one_of(item["section"], [s.id for s in self.sections], f"{place}.section", "section"),
            type=kind,
            text=_text(item, "text", place),
            help=_text(item, "help", place, ""),
            citation=_text(item, "citation", place),
            options=options,
            default=self._default(item, kind, options, f"{place}.default"),
            show_if=None if show_if is None else compile_condition(show_if, f"{place}.show_if", self._answer_key),
        )

    def _options(self, raw: Any, kind: str, place: str) -> tuple[Option, ...]:
        if kind not in ("enum", "multi"):
            if raw is not None:
                raise PackError(f"{place}: only enum and multi questions have options")
            return ()
        options = []
        for index, item in enumerate(_list(raw, place)):
            where = f"{place}[{index}]"
            _mapping(item, where, ("value", "label"), ("timelines",))
            if not isinstance(item["value"], str):
                raise PackError(f"{where}.value: expected text (quote values such as '2')")
            timelines = item.get("timelines")
            if timelines is not None:
                timelines = tuple(
                    _one_of(name, self.timelines, f"{where}.timelines", "timeline")
                    for name in _list(timelines, f"{where}.timelines")
                )
            options.append(Option(item["value"], _text(item, "label", where), timelines))
        if not options:
            raise PackError(f"{place}: expected at least one option")
        _unique([option.value for option in options], place)
        return tuple(options)

    @staticmethod
    def _default(item: dict, kind: str, options: tuple[Option, ...], place: str) -> Any:
        values = [option.value for option in options]
        implicit = {"bool": False, "enum": values[0] if values else None, "multi": [], "number": None, "date": None}
        default = item.get("default", implicit[kind])
        valid = {
            "bool": isinstance(default, bool),
            "enum": default in values,
            "multi": isinstance(default, list) and all(value in values for value in default),
            "number": default is None or (is_number(default) and default >= 0),
            "date": default is None or parse_date(default) is not None,
        }[kind]
        if not valid:
            raise PackError(f"{place}: {show(default)} is not a valid {kind} value")
        return default

    def _answer_key(self, key: str, place: str) -> None:
        if key not in self.question_ids:
            raise PackError(f"{place}: unknown question '{key}'")

    def _visibility_order(self) -> tuple[str, ...]:
        """Questions ordered so that each comes after those its show_if reads; refuses cycles."""
        order: list[str] = []
        state: dict[str, str] = {}

        def visit(question_id: str, path: list[str]) -> None:
            if state.get(question_id) == "done":
                return
            if state.get(question_id) == "visiting":
                cycle = " → ".join([*path[path.index(question_id) :], question_id])
                index = list(self.questions).index(path[-1])
                raise PackError(f"questions[{index}] ({path[-1]}).show_if: cycle {cycle}")
            state[question_id] = "visiting"
            show_if = self.questions[question_id].show_if
            for key in sorted(show_if.keys if show_if else ()):
                visit(key, [*path, question_id])
            state[question_id] = "done"
            order.append(question_id)

        for question_id in self.questions:
            visit(question_id, [])
        return tuple(order)

    def _questions_on(self, timeline: str) -> dict[str, Question]:
        """The questions as asked on one timeline: options it does not know are left out."""
        return {
            question_id: replace(
                question,
                options=tuple(
                    option for option in question.options if option.timelines is None or timeline in option.timelines
                ),
            )
            for question_id, question in self.questions.items()
        }

    # -- rules

    def _rules(self) -> tuple[Rule, ...]:
        rules = []
        for index, item in enumerate(_list(self.data["rules"], "rules")):
            place = f"rules[{index}]"
            _mapping(item, place, ("id", "when", "then", "citation", "explanation"))
            rule_id = _text(item, "id", place)
            when = compile_condition(item["when"], f"{place}.when", self._rule_key)
            # A rule sees only the facts of earlier rules, so the order of the pack is the order of reasoning.
            then = self._outcome(item["then"], f"{place}.then")
            rules.append(Rule(rule_id, when, then, _text(item, "citation", place), _text(item, "explanation", place)))
        _unique([rule.id for rule in rules], "rules")
        return tuple(rules)

    def _rule_key(self, key: str, place: str) -> None:
        if key.startswith("fact."):
            if key not in self.facts:
                raise PackError(f"{place}: unknown fact '{key}' (no earlier rule sets it)")
        elif key.startswith("role."):
            _one_of(key.removeprefix("role."), ROLES, place, "role")
        else:
            self._answer_key(key, place)

    def _outcome(self, raw: Any, place: str) -> Outcome:
        raw = _mapping(raw, place, (), ("tier", "set", "add", "route", "conformity_route", "out_of_scope"))
        tier = raw.get("tier")
        if tier is not None:
            _one_of(tier, TIERS_BY_SEVERITY, f"{place}.tier", "tier")
        route = raw.get("route")
        if route is not None:
            _one_of(route, HIGH_RISK_ROUTES, f"{place}.route", "high-risk route")
        conformity = raw.get("conformity_route")
        if conformity is not None:
            _one_of(conformity, CONFORMITY_ROUTES, f"{place}.conformity_route", "conformity route")
        out_of_scope = raw.get("out_of_scope", False)
        if not isinstance(out_of_scope, bool):
            raise PackError(f"{place}.out_of_scope: expected true or false")
        additions = self._additions(raw.get("add", {}), f"{place}.add")
        facts = self._fact_settings(raw.get("set", {}), f"{place}.set")
        return Outcome(tier, facts, additions, route, conformity, out_of_scope)

    def _additions(self, raw: Any, place: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        additions = []
        for slot, values in _free_mapping(raw, place).items():
            allowed = self._list_values(slot, place)
            for value in _list(values, f"{place}.{slot}"):
                _one_of(value, allowed, f"{place}.{slot}", "value")
            additions.append((slot, tuple(values)))
        return tuple(additions)

    def _list_values(self, slot: str, place: str) -> tuple[str, ...]:
        if slot == "required_documents":
            return tuple(self.document_types)
        if slot in LISTS_FROM_QUESTIONS:
            return tuple(option.value for option in self.questions[LISTS_FROM_QUESTIONS[slot]].options)
        if slot in FIXED_LIST_VALUES:
            return FIXED_LIST_VALUES[slot]
        raise PackError(f"{place}: unknown result list '{slot}'")

    def _fact_settings(self, raw: Any, place: str) -> tuple[tuple[str, Expression], ...]:
        settings = []
        for name, value in _free_mapping(raw, place).items():
            if not isinstance(name, str) or not name.startswith("fact."):
                raise PackError(f"{place}: '{name}' is not a fact (facts are named fact.<name>)")
            settings.append((name, self._expression(value, f"{place}.{name}")))
        # Facts become visible to later rules only once this rule is parsed.
        self.facts.update(name for name, _ in settings)
        return tuple(settings)

    def _expression(self, raw: Any, place: str) -> Expression:
        if isinstance(raw, bool | str) or is_number(raw):
            return Expression(lambda reader, value=raw: (value, show(value)))
        if isinstance(raw, dict) and len(raw) == 1 and "third_of" in raw:
            return self._third_of(raw["third_of"], f"{place}.third_of")
        if isinstance(raw, dict) and len(raw) == 1 and "sum" in raw:
            return self._sum(raw["sum"], f"{place}.sum")
        raise PackError(f"{place}: expected true/false, text, a number, {{third_of: ...}} or {{sum: [...]}}")

    def _operand(self, raw: Any, place: str) -> Callable[[Reader], tuple[Any, str]]:
        if is_number(raw):
            return lambda reader: (raw, show(raw))
        if isinstance(raw, str):
            self._rule_key(raw, place)
            return lambda reader: (reader.value(raw), f"{raw} ({show(reader.value(raw))})")
        raise PackError(f"{place}: expected a number or a key")

    def _third_of(self, raw: Any, place: str) -> Expression:
        operand = self._operand(raw, place)

        def evaluate(reader: Reader) -> tuple[Any, str]:
            value, text = operand(reader)
            third = value / 3 if is_number(value) else None
            return third, f"one third of {text} = {show(third)}"

        return Expression(evaluate)

    def _sum(self, raw: Any, place: str) -> Expression:
        operands = [self._operand(item, f"{place}[{index}]") for index, item in enumerate(_list(raw, place))]
        if len(operands) < 2:
            raise PackError(f"{place}: expected at least two operands")

        def evaluate(reader: Reader) -> tuple[Any, str]:
            parts = [operand(reader) for operand in operands]
            values = [value for value, _ in parts]
            total = sum(values) if all(is_number(value) for value in values) else None
            return total, " + ".join(text for _, text in parts) + f" = {show(total)}"

        return Expression(evaluate)

    # -- obligations

    def _obligations(self) -> tuple[Obligation, ...]:
        obligations = []
        for index, item in enumerate(_list(self.data["obligations"], "obligations")):
            place = f"obligations[{index}]"
            _mapping(item, place, ("code", "article", "holders", "when", "timeline", "label"))
            article = _text(item, "article", place)
            if not article.startswith("Art ") or not article[4:5].isdigit():
                raise PackError(f"{place}.article: must begin 'Art <number>', got '{article}'")
            holders = tuple(
                _one_of(role, ROLES, f"{place}.holders", "role") for role in _list(item["holders"], f"{place}.holders")
            )
            obligations.append(
                Obligation(
                    code=_text(item, "code", place),
                    article=article,
                    holders=holders,
                    when=compile_condition(item["when"], f"{place}.when", self._rule_key),
                    timeline=self._timeline_choices(item["timeline"], f"{place}.timeline"),
                    label=_text(item, "label", place),
                )
            )
        _unique([obligation.code for obligation in obligations], "obligations")
        return tuple(obligations)

    def _timeline_choices(self, raw: Any, place: str) -> tuple[TimelineChoice, ...]:
        known_keys = next(iter(self.timelines.values()))
        if isinstance(raw, str):
            return (TimelineChoice(None, _one_of(raw, known_keys, place, "timeline key")),)
        choices = []
        for index, item in enumerate(_list(raw, place)):
            where = f"{place}[{index}]"
            _mapping(item, where, ("key",), ("when",))
            when = item.get("when")
            choices.append(
                TimelineChoice(
                    None if when is None else compile_condition(when, f"{where}.when", self._rule_key),
                    _one_of(item["key"], known_keys, f"{where}.key", "timeline key"),
                )
            )
        if not choices or choices[-1].when is not None:
            raise PackError(f"{place}: the last choice must have no condition, so that a date is always found")
        return tuple(choices)
