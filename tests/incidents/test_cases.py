"""The contract's example cases (copied from the shared cases), through the functions and the commands.

Comparison as in spec/incidents.md: scalars equal, lists as sets, nested objects key by
key, `<list>_codes` the codes in order, `exit_code: 2` for refused answers.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from incidents.assessment import AnswersError, assess_incident, penalty_exposure
from tests.assessments.test_cases import mismatches

CASES = sorted((Path(__file__).parent / "cases").glob("*.json"))
FUNCTIONS = {"incident_assess": assess_incident, "penalty_exposure": penalty_exposure}


def load_case(path: Path) -> tuple[str, dict, dict]:
    case = json.loads(path.read_text())
    return case["command"], case["answers"], dict(case["expect"])


def differences(expect: dict, got: dict) -> list[str]:
    codes = {key: want for key, want in expect.items() if key.endswith("_codes")}
    problems = mismatches({key: want for key, want in expect.items() if key not in codes}, got)
    for key, want in codes.items():
        have = [item["code"] for item in got[key.removesuffix("_codes")]]
        if have != want:
            problems.append(f"{key}: expected {want}, got {have}")
    return problems


def test_there_are_cases_of_both_commands():
    assert {load_case(path)[0] for path in CASES} == set(FUNCTIONS)


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_the_function_meets_the_case(path):
    command, answers, expect = load_case(path)
    if expect.pop("exit_code", 0) == 2:
        with pytest.raises(AnswersError):
            FUNCTIONS[command](answers)
        return
    assert differences(expect, FUNCTIONS[command](answers)) == []


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_the_command_meets_the_case(path, tmp_path):
    command, answers, expect = load_case(path)
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps(answers))
    stdout, stderr = io.StringIO(), io.StringIO()
    want_code = expect.pop("exit_code", 0)
    try:
        call_command(command, answers=str(answers_file), stdout=stdout, stderr=stderr)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    assert code == want_code
    if want_code:
        assert stdout.getvalue() == "" and stderr.getvalue().strip()
    else:
        assert differences(expect, json.loads(stdout.getvalue())) == []


def test_the_comparison_notices_codes_out_of_order():
    got = {"our_actions": [{"code": "b"}, {"code": "a"}]}
    assert differences({"our_actions_codes": ["a", "b"]}, got)
    assert not differences({"our_actions_codes": ["b", "a"]}, got)
