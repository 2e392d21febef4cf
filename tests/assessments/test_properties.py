"""Properties of the engine over random valid answer sets drawn from the pack's own questions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments import engine
from assessments.conditions import show
from assessments.rulepack import default_pack

PACK = default_pack()


def answer_values(question) -> st.SearchStrategy:
    values = [option.value for option in question.options]
    return {
        "bool": st.booleans(),
        "enum": st.sampled_from(values or [None]),
        "multi": st.lists(st.sampled_from(values or [None]), unique=True, max_size=4),
        "number": st.one_of(st.integers(0, 10**27), st.floats(0, 1e27, allow_nan=False)),
        "date": st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)).map(dt.date.isoformat),
    }[question.type]


@st.composite
def answer_sets(draw, timeline_names=PACK.timeline_names) -> tuple[dict, str]:
    timeline = draw(st.sampled_from(timeline_names))
    questions = PACK.questions_by_timeline[timeline]
    optional = {key: answer_values(question) for key, question in questions.items()}
    return draw(st.fixed_dictionaries({}, optional=optional)), timeline


def classify(answers: dict, timeline: str) -> dict:
    return engine.evaluate(PACK, answers, timeline).to_dict()


def most_severe_tier(result: dict) -> str:
    if result["prohibited_practices"]:
        return "prohibited"
    if result["high_risk_route"]:
        return "high_risk"
    return "limited_risk" if result["transparency_obligations"] else "minimal_risk"


@settings(max_examples=300, deadline=None)
@given(answer_sets())
def test_valid_answers_always_classify_into_json_with_cited_obligations(drawn):
    answers, timeline = drawn
    assert engine.validate_answers(PACK, answers, timeline) == {}
    result = classify(answers, timeline)
    assert json.loads(json.dumps(result)) == result
    assert all(obligation["article"].startswith("Art ") for obligation in result["obligations"])
    assert set(result["roles"]) >= {obligation["holder"] for obligation in result["obligations"]}


@settings(max_examples=300, deadline=None)
@given(answer_sets())
def test_the_tier_is_the_most_severe_that_applies(drawn):
    result = classify(*drawn)
    if result["in_scope"]:
        assert result["risk_tier"] == most_severe_tier(result)
    else:
        assert result["risk_tier"] == "out_of_scope"


@settings(max_examples=200, deadline=None)
@given(answer_sets())
def test_profiling_never_yields_the_art6_3_exemption(drawn):
    answers, timeline = drawn
    answers["system.profiles_natural_persons"] = True
    assert classify(answers, timeline)["art6_3_exempt"] is False


@settings(max_examples=200, deadline=None)
@given(answer_sets(), st.sampled_from(["military_defence_security", "scientific_research_only"]))
def test_out_of_scope_means_no_obligations_and_no_documents(drawn, exclusion):
    answers, timeline = drawn
    answers["system.scope_exclusion"] = exclusion
    result = classify(answers, timeline)
    assert (result["in_scope"], result["obligations"], result["required_documents"]) == (False, [], [])


@settings(max_examples=200, deadline=None)
@given(answer_sets())
def test_any_out_of_scope_result_has_no_obligations_and_no_documents(drawn):
    result = classify(*drawn)
    if not result["in_scope"]:
        assert result["obligations"] == [] and result["required_documents"] == []


@settings(max_examples=300, deadline=None)
@given(answer_sets(), st.floats(0, 1e27, allow_nan=False), st.floats(0, 1e27, allow_nan=False))
def test_more_training_compute_never_removes_systemic_risk(drawn, compute, extra):
    answers, timeline = drawn
    answers["model.is_gpai"] = True
    lower = classify({**answers, "model.training_compute_flop": compute}, timeline)
    higher = classify({**answers, "model.training_compute_flop": compute + extra}, timeline)
    if lower["gpai"]["systemic_risk"]:
        assert higher["gpai"]["systemic_risk"]


@settings(max_examples=100, deadline=None)
@given(answer_sets())
def test_visible_questions_are_a_subset_in_pack_order(drawn):
    answers, timeline = drawn
    visible = [question.id for question in engine.visible_questions(PACK, answers, timeline)]
    assert visible == [key for key in PACK.questions if key in set(visible)]


# Keys some rule of the pack may presume (pack 2026.3: inferences only fill unanswered keys).
INFERABLE = sorted({key for rule in PACK.rules for key, _ in rule.then.inferences})
# The same pack with every inference taken out: what the answers alone say.
WITHOUT_INFERENCES = dataclasses.replace(
    PACK,
    rules=tuple(dataclasses.replace(rule, then=dataclasses.replace(rule.then, inferences=())) for rule in PACK.rules),
)


def without_trace(result: dict) -> dict:
    return {key: value for key, value in result.items() if key != "trace"}


@settings(max_examples=150, deadline=None)
@given(answer_sets(), st.data())
def test_an_explicit_answer_is_never_overridden_by_an_inference(drawn, data):
    answers, timeline = drawn
    assert INFERABLE  # the pack has inferences to test
    explicit = data.draw(st.fixed_dictionaries({key: answer_values(PACK.questions[key]) for key in INFERABLE}))
    answers = {**answers, **explicit}
    result = engine.evaluate(PACK, answers, timeline)
    assert not set(result.inferred) & set(answers)
    # with every inferable key answered, the inferences change nothing at all
    alone = engine.evaluate(WITHOUT_INFERENCES, answers, timeline)
    assert without_trace(result.to_dict()) == without_trace(alone.to_dict())


@settings(max_examples=100, deadline=None)
@given(answer_sets())
def test_an_inference_fills_only_unanswered_keys_and_says_so(drawn):
    answers, timeline = drawn
    result = engine.evaluate(PACK, answers, timeline)
    assert set(result.inferred) <= set(INFERABLE) - set(answers)
    said = " ".join(line for entry in result.trace for line in entry["because"])
    for key, value in result.inferred.items():
        assert f"therefore {key} = {show(value)} (inferred" in said
