"""`manage.py classify`: JSON on stdout and exit 0, or exit 2 with the problems on stderr."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

HR_SCREENING = {"system.annex_iii_points": ["4a"], "org.uses_under_own_authority": True}


def run(answers_text: str, tmp_path, *args: str, monkeypatch=None, stdin: bool = False) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of the command on these answers."""
    if stdin:
        monkeypatch.setattr("sys.stdin", io.StringIO(answers_text))
        source = "-"
    else:
        source = str(tmp_path / "answers.json")
        (tmp_path / "answers.json").write_text(answers_text)
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command("classify", "--answers", source, *args, stdout=stdout, stderr=stderr)
    except SystemExit as exit_:
        return exit_.code, stdout.getvalue(), stderr.getvalue()
    return 0, stdout.getvalue(), stderr.getvalue()


def test_it_prints_the_result_as_one_json_object(tmp_path):
    code, out, _ = run(json.dumps(HR_SCREENING), tmp_path)
    result = json.loads(out)
    assert code == 0 and result["risk_tier"] == "high_risk"
    assert result["pack"]["timeline"] == "omnibus-2026" and len(result["pack"]["sha256"]) == 64


def test_it_reads_answers_from_stdin(tmp_path, monkeypatch):
    code, out, _ = run(json.dumps(HR_SCREENING), tmp_path, monkeypatch=monkeypatch, stdin=True)
    assert code == 0 and json.loads(out)["roles"] == ["deployer"]


def test_it_uses_the_original_timeline_when_asked(tmp_path):
    code, out, _ = run(json.dumps(HR_SCREENING), tmp_path, "--timeline", "original")
    assert code == 0
    result = json.loads(out)
    assert result["pack"]["timeline"] == "original"
    assert {o["applies_from"] for o in result["obligations"] if o["article"] == "Art 26"} == {"2026-08-02"}


@pytest.mark.parametrize(
    ("answers_text", "expected_line"),
    [
        ('{"system.annex_iii_points": ["4z"]}', 'system.annex_iii_points: unknown value "4z"'),
        ('{"system.nope": true}', "system.nope: unknown question"),
        ('{"system.deep_fake": "yes"}', "system.deep_fake: expected true or false, got text"),
        ('{"model.training_compute_flop": -1}', "model.training_compute_flop: must not be negative"),
        ("[1, 2]", "answers: expected a JSON object of answer keys to values"),
        ("{not json", "answers: not valid JSON"),
    ],
)
def test_it_refuses_bad_answers_with_exit_2_and_nothing_on_stdout(tmp_path, answers_text, expected_line):
    code, out, err = run(answers_text, tmp_path)
    assert (code, out) == (2, "")
    assert err.splitlines()[0].startswith(expected_line)


def test_it_lists_one_line_per_problem(tmp_path):
    code, _, err = run('{"system.deep_fake": 1, "org.is_sme": "no"}', tmp_path)
    assert code == 2 and len(err.strip().splitlines()) == 2


def test_it_refuses_an_unknown_timeline(tmp_path):
    code, out, err = run("{}", tmp_path, "--timeline", "2099")
    assert (code, out, err.strip()) == (2, "", 'timeline: unknown timeline "2099"')


def test_the_omnibus_prohibitions_are_refused_on_the_original_timeline(tmp_path):
    answers = '{"system.prohibited_practices": ["5_1_ba"]}'
    code, out, err = run(answers, tmp_path, "--timeline", "original")
    assert (code, out) == (2, "") and err.startswith("system.prohibited_practices:")
    assert run(answers, tmp_path)[0] == 0
