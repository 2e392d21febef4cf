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

__all__ = [
    "Pack",
    "PackError",
    "PackProblems",
    "default_pack",
    "load_pack",
    "pack_by_version",
    "pack_for",
    "retained_packs",
]

RULEPACK_DIR = Path(__file__).parent / "rulepacks"
PACK_FILE_PREFIX = "eu-ai-act-"  # files are named eu-ai-act-<version>.yaml, one per released version


def version_key(version: str) -> tuple:
    """Order "2026.10" after "2026.9": numeric parts compare as numbers."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in str(version).split("."))


def retained_pack_paths() -> list[Path]:
    """Every released pack file, oldest version first."""
    paths = RULEPACK_DIR.glob(f"{PACK_FILE_PREFIX}*.yaml")
    return sorted(paths, key=lambda path: version_key(path.stem.removeprefix(PACK_FILE_PREFIX)))


DEFAULT_PACK_PATH = retained_pack_paths()[-1]  # the newest pack is the default

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
# The result's `legacy_system` (Art 111(2)), from pack 2026.3 on: a pack derives all of these or none.
LEGACY_FACTS = ("fact.legacy_system", "fact.legacy_cut_off", "fact.legacy_comply_by")
TIMELINE_KEY = "timeline"  # conditions may read the timeline being evaluated, as if it were an answer
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
    none_option: str = ""  # a multi question's explicit "none of these" label; "" when it has none
    help_by_timeline: tuple[tuple[str, str], ...] = ()  # help that differs per timeline


@dataclass(frozen=True)
class Expression:
    """A value a rule computes for a fact: a literal, or the little arithmetic the law needs."""

    evaluate: Callable[[Reader], tuple[Any, str]]  # → (value, how it was obtained, for the trace)


@dataclass(frozen=True)
class Outcome:
    tier: str | None = None
    facts: tuple[tuple[str, Expression], ...] = ()
    # Answers presumed from other answers; the engine uses one only while the key is unanswered.
    inferences: tuple[tuple[str, Any], ...] = ()
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

    def rule_explanation(self, rule_id: str) -> str:
        return next((rule.explanation for rule in self.rules if rule.id == rule_id), "")

    @property
    def label(self) -> str:
        return f"{self.id} {self.version}"


class PackProblems(PackError):
    """Every problem found in one pack, one message per line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = list(problems)


@functools.cache
def retained_packs() -> tuple[Pack, ...]:
    """Every released pack version, oldest first; a saved classification is shown with the one it pinned."""
    return tuple(load_pack(path) for path in retained_pack_paths())


def default_pack() -> Pack:
    """The newest retained pack: new classifications use it."""
    return retained_packs()[-1]


def pack_by_version(version: str) -> Pack | None:
    return next((pack for pack in retained_packs() if pack.version == version), None)


def pack_for(*, sha256: str, version: str | None = None) -> Pack:
    """The retained pack with this SHA-256 (else this version); the newest when neither is retained."""
    by_hash = next((pack for pack in retained_packs() if pack.sha256 == sha256), None)
    return by_hash or (version and pack_by_version(version)) or default_pack()


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


def check_retained_packs(paths: Iterable[Path] | None = None) -> tuple[list[Pack], list[str]]:
    """(packs that load, every problem found): each file on its own, then the set as a whole."""
    packs: list[Pack] = []
    problems: list[str] = []
    for path in retained_pack_paths() if paths is None else paths:
        try:
            pack = load_pack(path)
        except PackProblems as error:
            problems += [f"{path.name}: {problem}" for problem in error.problems]
            continue
        except (PackError, OSError) as error:
            problems.append(f"{path.name}: {error}")
            continue
        expected = path.stem.removeprefix(PACK_FILE_PREFIX)
        if path.stem.startswith(PACK_FILE_PREFIX) and pack.version != expected:
            problems.append(f"{path.name}: version '{pack.version}' does not match the file name ('{expected}')")
        packs.append(pack)
    versions = [pack.version for pack in packs]
    twice = sorted({version for version in versions if versions.count(version) > 1})
    problems += [f"version {version} is released twice" for version in twice]
    return packs, problems


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
        self.problems: list[str] = []  # every problem found; the pack is refused if there is one

    def build(self) -> Pack:
        self.timelines = self._timelines()  # everything else is dated by them: without them, stop here
        self.sections = self._sections()
        self.document_types = self._document_types()
        self.questions = self._questions()
        visibility_order = self._guard(self._visibility_order, tuple(self.questions))
        rules = self._rules()
        obligations = self._obligations()
        sources = self._guard(self._sources, ())
        missing = [fact for fact in RESULT_FACTS if fact not in self.facts]
        if missing:
            self.problems.append(f"rules: no rule sets {', '.join(missing)}, which the result needs")
        legacy = [fact for fact in LEGACY_FACTS if fact in self.facts]
        if legacy and len(legacy) != len(LEGACY_FACTS):
            self.problems.append(f"rules: the legacy-system result needs all of {', '.join(LEGACY_FACTS)}")
        pack_id = self._guard(lambda: _text(self.data, "id", "pack"), "")
        title = self._guard(lambda: _text(self.data, "title", "pack"), "")
        if self.problems:
            raise PackProblems(self.problems)
        return Pack(
            id=pack_id,
            version=str(self.data["version"]),
            title=title,
            sha256=self.sha256,
            sources=sources,
            sections=self.sections,
            questions=self.questions,
            rules=rules,
            obligations=obligations,
            document_types=self.document_types,
            timelines=self.timelines,
            facts=frozenset(self.facts),
            visibility_order=visibility_order,
            questions_by_timeline={name: self._questions_on(name) for name in self.timelines},
        )

    # -- finding every problem, not only the first

    def _guard(self, build: Callable[[], Any], fallback: Any) -> Any:
        """build(), or the fallback with the problem noted."""
        try:
            return build()
        except PackError as error:
            self.problems.append(str(error))
            return fallback

    def _each(self, raw: Any, place: str, build_one: Callable[[Any, str], Any]) -> list:
        """Build every item of a list, noting the problem of a bad item and going on with the next."""
        items = self._guard(lambda: _list(raw, place), [])
        built = []
        for index, item in enumerate(items):
            try:
                built.append(build_one(item, f"{place}[{index}]"))
            except PackError as error:
                self.problems.append(str(error))
        return built

    def _note_unique(self, ids: list[str], place: str) -> None:
        self._guard(lambda: _unique(ids, place), None)

    # -- plain parts

    def _sources(self) -> tuple[Source, ...]:
        def source(item: Any, place: str) -> Source:
            _mapping(item, place, ("title", "url"))
            return Source(_text(item, "title", place), _text(item, "url", place))

        return tuple(self._each(self.data["sources"], "sources", source))

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
        def section(item: Any, place: str) -> Section:
            _mapping(item, place, ("id", "title"), ("intro",))
            return Section(_text(item, "id", place), _text(item, "title", place), _text(item, "intro", place, ""))

        sections = self._each(self.data["sections"], "sections", section)
        self._note_unique([section.id for section in sections], "sections")
        return tuple(sections)

    def _document_types(self) -> dict[str, DocumentType]:
        documents: dict[str, DocumentType] = {}

        def document_type(item: Any, place: str) -> None:
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

        self._each(self.data["document_types"], "document_types", document_type)
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
        raw_questions = self._guard(lambda: _list(self.data["questions"], "questions"), [])
        ids = [item.get("id") if isinstance(item, dict) else None for item in raw_questions]
        self.question_ids = {id_ for id_ in ids if isinstance(id_, str)}
        questions: dict[str, Question] = {}

        def question(item: Any, place: str) -> None:
            built = self._question(item, place)
            if built.id in questions:
                raise PackError(f"{place}: duplicate id '{built.id}'")
            questions[built.id] = built

        self._each(raw_questions, "questions", question)
        return questions

    def _question(self, item: Any, place: str) -> Question:
        optional = ("help", "options", "default", "show_if", "none_option", "help_by_timeline")
        _mapping(item, place, ("id", "section", "type", "text", "citation"), optional)
        question_id = _text(item, "id", place)
        place = f"{place} ({question_id})"
        kind = _one_of(item["type"], QUESTION_TYPES, f"{place}.type", "question type")
        options = self._options(item.get("options"), kind, f"{place}.options")
        show_if = item.get("show_if")
        none_option = _text(item, "none_option", place, "")
        if none_option and kind != "multi":
            raise PackError(f"{place}.none_option: only multi questions have a 'none of these' option")
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
            none_option=none_option,
            help_by_timeline=self._help_by_timeline(item.get("help_by_timeline", {}), f"{place}.help_by_timeline"),
        )

    def _help_by_timeline(self, raw: Any, place: str) -> tuple[tuple[str, str], ...]:
        return tuple(
            (_one_of(name, self.timelines, place, "timeline"), _text(raw, name, place))
            for name in _free_mapping(raw, place)
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

    def _built_question(self, key: str, place: str) -> Question:
        self._answer_key(key, place)
        if key not in self.questions:
            raise PackError(f"{place}: question '{key}' could not be read (see its own problem)")
        return self.questions[key]

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
                if key in self.questions:  # a broken question is reported on its own
                    visit(key, [*path, question_id])
            state[question_id] = "done"
            order.append(question_id)

        for question_id in self.questions:
            visit(question_id, [])
        return tuple(order)

    def _questions_on(self, timeline: str) -> dict[str, Question]:
        """The questions as asked on one timeline: options it does not know are left out, its own help used."""
        return {
            question_id: replace(
                question,
                options=tuple(
                    option for option in question.options if option.timelines is None or timeline in option.timelines
                ),
                help=dict(question.help_by_timeline).get(timeline, question.help),
            )
            for question_id, question in self.questions.items()
        }

    # -- rules

    def _rules(self) -> tuple[Rule, ...]:
        def rule(item: Any, place: str) -> Rule:
            try:
                _mapping(item, place, ("id", "when", "then", "citation", "explanation"))
                rule_id = _text(item, "id", place)
                when = compile_condition(item["when"], f"{place}.when", self._rule_key)
                # A rule sees only the facts of earlier rules, so the order of the pack is the order of reasoning.
                then = self._outcome(item["then"], f"{place}.then")
                return Rule(rule_id, when, then, _text(item, "citation", place), _text(item, "explanation", place))
            except PackError:
                self._note_facts_of_broken_rule(item)
                raise

        rules = self._each(self.data["rules"], "rules", rule)
        self._note_unique([rule.id for rule in rules], "rules")
        return tuple(rules)

    def _note_facts_of_broken_rule(self, item: Any) -> None:
        """A broken rule's facts still count as set, so later rules are not reported for using them."""
        then = item.get("then") if isinstance(item, dict) else None
        settings = then.get("set") if isinstance(then, dict) else None
        if isinstance(settings, dict):
            self.facts.update(name for name in settings if isinstance(name, str) and name.startswith("fact."))

    def _rule_key(self, key: str, place: str) -> None:
        if key == TIMELINE_KEY:
            return
        if key.startswith("fact."):
            if key not in self.facts:
                raise PackError(f"{place}: unknown fact '{key}' (no earlier rule sets it)")
        elif key.startswith("role."):
            _one_of(key.removeprefix("role."), ROLES, place, "role")
        else:
            self._answer_key(key, place)

    def _outcome(self, raw: Any, place: str) -> Outcome:
        raw = _mapping(raw, place, (), ("tier", "set", "infer", "add", "route", "conformity_route", "out_of_scope"))
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
        inferences = self._inferences(raw.get("infer", {}), f"{place}.infer")
        return Outcome(tier, facts, inferences, additions, route, conformity, out_of_scope)

    def _inferences(self, raw: Any, place: str) -> tuple[tuple[str, Any], ...]:
        """Presumed answers: each key a question, each value one its type accepts."""
        inferences = []
        for key, value in _free_mapping(raw, place).items():
            question = self._built_question(key, place)
            self._default({"default": value}, question.type, question.options, f"{place}.{key}")
            if value is None:
                raise PackError(f"{place}.{key}: an inference needs a value")
            inferences.append((key, value))
        return tuple(inferences)

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
            return tuple(option.value for option in self._built_question(LISTS_FROM_QUESTIONS[slot], place).options)
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
        if isinstance(raw, dict) and len(raw) == 1 and "timeline_date" in raw:
            return self._timeline_date_of(raw["timeline_date"], f"{place}.timeline_date")
        raise PackError(
            f"{place}: expected true/false, text, a number, {{third_of: ...}}, {{sum: [...]}} or {{timeline_date: key}}"
        )

    def _timeline_date_of(self, raw: Any, place: str) -> Expression:
        """The date the evaluated timeline gives a key (null where the timeline has none)."""
        key = _one_of(raw, next(iter(self.timelines.values())), place, "timeline key")

        def evaluate(reader: Reader) -> tuple[Any, str]:
            date = self.timelines[reader.value(TIMELINE_KEY)][key]
            return date, f"{show(date)} ({key} on the {reader.value(TIMELINE_KEY)} timeline)"

        return Expression(evaluate)

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
        def obligation(item: Any, place: str) -> Obligation:
            _mapping(item, place, ("code", "article", "holders", "when", "timeline", "label"))
            article = _text(item, "article", place)
            if not article.startswith("Art ") or not article[4:5].isdigit():
                raise PackError(f"{place}.article: must begin 'Art <number>', got '{article}'")
            holders = tuple(
                _one_of(role, ROLES, f"{place}.holders", "role") for role in _list(item["holders"], f"{place}.holders")
            )
            return Obligation(
                code=_text(item, "code", place),
                article=article,
                holders=holders,
                when=compile_condition(item["when"], f"{place}.when", self._rule_key),
                timeline=self._timeline_choices(item["timeline"], f"{place}.timeline"),
                label=_text(item, "label", place),
            )

        obligations = self._each(self.data["obligations"], "obligations", obligation)
        self._note_unique([obligation.code for obligation in obligations], "obligations")
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
