"""`incident_assess` and `penalty_exposure` on the command line: JSON or YAML in, one JSON object out."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command


def run(command: str, text: str, tmp_path, name: str = "answers.json") -> tuple[int, str, str]:
    (tmp_path / name).write_text(text)
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command(command, "--answers", str(tmp_path / name), stdout=stdout, stderr=stderr)
    except SystemExit as exit_:
        return exit_.code, stdout.getvalue(), stderr.getvalue()
    return 0, stdout.getvalue(), stderr.getvalue()


def test_it_reads_yaml_answers_keeping_the_date_time_as_written(tmp_path):
    text = "incident.harms: [death]\nincident.aware_at: 2028-09-01T08:00:00+02:00\nsystem.high_risk: true\n"
    code, out, _ = run("incident_assess", text, tmp_path, "answers.yaml")
    assert code == 0 and json.loads(out)["report_due_at"] == "2028-09-11T08:00:00+02:00"


def test_it_prints_exactly_one_json_object(tmp_path):
    code, out, err = run("penalty_exposure", '{"infringement": "prohibited_practice"}', tmp_path)
    assert code == 0 and err == ""
    assert json.loads(out)["article"] == "Art 99(3)"


@pytest.mark.parametrize(
    ("command", "text", "line"),
    [
        ("incident_assess", '{"incident.aware_at": "2028-03-02T09:30:00"}', "incident.aware_at: the date-time needs"),
        ("incident_assess", '{"incident.harms": ["x"], "org.role": "importer"}', "org.role: unknown value 'importer'"),
        ("incident_assess", "[1, 2]", "answers: expected an object"),
        ("incident_assess", "{bad: [", "answers: neither JSON nor YAML"),
        ("penalty_exposure", '{"infringement": "late_invoice"}', "infringement: unknown value 'late_invoice'"),
        ("penalty_exposure", "{}", "infringement: required"),
    ],
)
def test_refused_answers_exit_2_with_one_line_per_problem_and_nothing_on_stdout(command, text, line, tmp_path):
    code, out, err = run(command, text, tmp_path)
    assert (code, out) == (2, "")
    assert any(problem.startswith(line) for problem in err.splitlines())


def test_a_missing_file_is_refused(tmp_path):
    stderr = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("penalty_exposure", "--answers", str(tmp_path / "nope.json"), stdout=io.StringIO(), stderr=stderr)
    assert exit_.value.code == 2 and stderr.getvalue().startswith("answers: cannot read")
