"""The contract's example cases, run through the engine and through `manage.py classify`.

The comparison follows spec/classification.md: scalars equal, lists as sets,
`<list>_include` / `<list>_exclude`, nested objects key by key, obligations matched by
article (a paragraph matches its article) and date, `exit_code: 2` for refused answers.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from assessments import engine
from assessments.rulepack import default_pack

CASES = sorted((Path(__file__).parent / "cases").glob("*.json"))


def article_matches(have: str, want: str) -> bool:
    """`Art 26(6)` matches `Art 26`; `Art 260` does not."""
    return have == want or (have.startswith(want) and not have[len(want)].isdigit())


def mismatches(expect: dict, got: dict, where: str = "") -> list[str]:
    problems: list[str] = []
    for key, want in expect.items():
        problems += _mismatch(key, want, got, where)
    return problems


def _mismatch(key: str, want, got: dict, where: str) -> list[str]:
    if key == "obligations_include":
        return [
            f"{where}obligations: no {item['article']} from {item['applies_from']}"
            for item in want
            if not any(
                article_matches(o["article"], item["article"]) and o["applies_from"] == item["applies_from"]
                for o in got["obligations"]
            )
        ]
    if key == "obligations_exclude":
        return [
            f"{where}obligations: must not list {article}"
            for article in want
            if any(article_matches(o["article"], article) for o in got["obligations"])
        ]
    if key.endswith(("_include", "_exclude")):
        base, mode = key.rsplit("_", 1)
        have = set(got[base])
        wrong = set(want) - have if mode == "include" else set(want) & have
        return [f"{where}{base}: {mode} failed for {sorted(wrong)}"] if wrong else []
    if key not in got:
        return [f"{where}{key}: absent"]
    have = got[key]
    if isinstance(want, dict):
        return mismatches(want, have, f"{where}{key}.")
    if isinstance(want, list):
        same = sorted(map(json.dumps, want)) == sorted(map(json.dumps, have))
        return [] if same else [f"{where}{key}: expected {want}, got {have}"]
    return [] if have == want else [f"{where}{key}: expected {want!r}, got {have!r}"]


def load_case(path: Path) -> tuple[dict, str, dict]:
    case = json.loads(path.read_text())
    return case["answers"], case.get("timeline") or default_pack().default_timeline, dict(case["expect"])


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_the_engine_meets_the_case(path):
    answers, timeline, expect = load_case(path)
    pack = default_pack()
    errors = engine.validate_answers(pack, answers, timeline)
    if expect.pop("exit_code", 0) == 2:
        assert errors
        return
    assert errors == {}
    assert mismatches(expect, engine.evaluate(pack, answers, timeline).to_dict()) == []


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_the_classify_command_meets_the_case(path, tmp_path):
    answers, timeline, expect = load_case(path)
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps(answers))
    stdout, stderr = io.StringIO(), io.StringIO()
    want_code = expect.pop("exit_code", 0)
    try:
        call_command("classify", answers=str(answers_file), timeline=timeline, stdout=stdout, stderr=stderr)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    assert code == want_code
    if want_code:
        assert stdout.getvalue() == "" and stderr.getvalue().strip()
    else:
        assert mismatches(expect, json.loads(stdout.getvalue())) == []


def test_the_comparator_reports_what_differs():
    got = {"roles": ["deployer"], "obligations": [{"article": "Art 260", "applies_from": "2027-12-02"}]}
    assert mismatches({"roles": ["provider"]}, got)
    assert mismatches({"roles_include": ["provider"]}, got)
    assert mismatches({"roles_exclude": ["deployer"]}, got)
    assert mismatches({"obligations_include": [{"article": "Art 26", "applies_from": "2027-12-02"}]}, got)
    assert not mismatches({"obligations_exclude": ["Art 26"]}, got)
    assert not mismatches({"roles": ["deployer"]}, got)
