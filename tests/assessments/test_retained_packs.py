"""Every released pack is kept: 2026.2 still classifies, and its snapshots are shown in its own words."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from assessments import services
from assessments.demo import FINE_TUNED_ON_A_VENDOR_MODEL
from assessments.rulepack import default_pack, pack_by_version, pack_for, retained_packs
from assessments.selectors import pack_of
from tests.assessments.test_cases import load_case, mismatches

OLD = pack_by_version("2026.2")
NEW = default_pack()
# The contract's first sixteen cases were written for 2026.2; they must still pass with it.
CASES_2026_2 = sorted((Path(__file__).parent / "cases").glob("*.json"))[:16]


def run_classify(*args: str, answers: dict) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `manage.py classify` on these answers."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with tempfile.NamedTemporaryFile("w", suffix=".json") as answers_file:
        json.dump(answers, answers_file)
        answers_file.flush()
        try:
            call_command("classify", "--answers", answers_file.name, *args, stdout=stdout, stderr=stderr)
            code = 0
        except SystemExit as exit_:
            code = exit_.code
    return code, stdout.getvalue(), stderr.getvalue()


def test_both_packs_load_and_the_newest_is_the_default():
    assert [pack.version for pack in retained_packs()] == ["2026.2", "2026.3"]
    assert NEW.version == "2026.3" and OLD.sha256 != NEW.sha256


def test_a_snapshot_finds_its_pack_by_hash_then_by_version():
    assert pack_for(sha256=OLD.sha256) is OLD
    assert pack_for(sha256="0" * 64, version="2026.2") is OLD
    assert pack_for(sha256="0" * 64, version="1999.1") is NEW


@pytest.mark.parametrize("path", CASES_2026_2, ids=lambda path: path.stem)
def test_the_2026_2_cases_still_pass_with_classify_pack_2026_2(path):
    answers, timeline, expect = load_case(path)
    code, stdout, stderr = run_classify("--pack", "2026.2", "--timeline", timeline, answers=answers)
    if expect.pop("exit_code", 0) == 2:
        assert code == 2 and stdout == "" and stderr
        return
    result = json.loads(stdout)
    assert result["pack"]["version"] == "2026.2" and "legacy_system" not in result
    assert mismatches(expect, result) == []


def test_classify_pack_2026_2_still_shows_the_old_model_duties_and_the_default_does_not():
    _, old_out, _ = run_classify("--pack", "2026.2", answers=FINE_TUNED_ON_A_VENDOR_MODEL)
    _, new_out, _ = run_classify(answers=FINE_TUNED_ON_A_VENDOR_MODEL)
    old_articles = {o["article"] for o in json.loads(old_out)["obligations"]}
    new_articles = {o["article"] for o in json.loads(new_out)["obligations"]}
    assert {"Art 53", "Art 55"} <= old_articles
    assert not {"Art 53", "Art 55"} & new_articles
    assert json.loads(new_out)["pack"]["version"] == "2026.3"


def test_an_unknown_pack_version_is_refused_by_the_command():
    code, stdout, stderr = run_classify("--pack", "1999.1", answers={})
    assert code == 2 and stdout == ""
    assert stderr.startswith('pack_version: unknown rule pack version "1999.1"')


def test_questions_of_the_newer_pack_are_unknown_to_the_older_one():
    code, _, stderr = run_classify("--pack", "2026.2", answers={"system.placed_on_market_on": "2025-01-01"})
    assert code == 2 and "system.placed_on_market_on: unknown question" in stderr


def test_the_api_classifies_with_a_retained_pack_version(api_client_for, auditor):
    client = api_client_for(auditor)
    response = client.post("/api/v1/classify/", {"answers": {}, "pack_version": "2026.2"}, format="json")
    assert response.status_code == 200 and response.json()["pack"]["version"] == "2026.2"
    default = client.post("/api/v1/classify/", {"answers": {}}, format="json")
    assert default.json()["pack"]["version"] == "2026.3"


@pytest.mark.parametrize("version", ["1999.1", 2026.2, ["2026.2"]])
def test_the_api_refuses_an_unknown_pack_version_with_a_field_error(api_client_for, auditor, version):
    response = api_client_for(auditor).post(
        "/api/v1/classify/", {"answers": {}, "pack_version": version}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["pack_version"]


@pytest.fixture
def old_snapshot(owner_actor, system):
    """A classification saved under 2026.2 before the upgrade."""
    answers = {**FINE_TUNED_ON_A_VENDOR_MODEL, "system.annex_i_safety_component": True}
    return services.classification_save(actor=owner_actor, ai_system=system, answers=answers, pack_version="2026.2")


def test_a_snapshot_saved_under_2026_2_pins_that_pack(old_snapshot):
    assert (old_snapshot.pack_version, old_snapshot.pack_sha256) == ("2026.2", OLD.sha256)
    assert pack_of(old_snapshot) is OLD


def test_a_snapshot_saved_under_2026_2_renders_with_2026_2_wording_after_the_upgrade(login, owner, old_snapshot):
    page = login(owner).get(reverse("assessments:classification_detail", args=[old_snapshot.pk])).content.decode()
    old_explanation = escape(OLD.rule_explanation("roles.gpai_model_provider"))
    new_explanation = escape(NEW.rule_explanation("roles.gpai_model_provider"))
    assert old_explanation != new_explanation
    assert old_explanation in page and new_explanation not in page
    # The model maker's duties it listed then are still shown as saved: nothing changes silently.
    assert "Art 53" in page and "Art 55" in page
    assert "Rule pack eu-ai-act 2026.2" in page


def test_the_compare_page_explains_each_side_with_its_own_pack(login, owner, owner_actor, old_snapshot):
    newer = services.classification_save(
        actor=owner_actor, ai_system=old_snapshot.ai_system, answers=old_snapshot.answers
    )
    url = reverse("assessments:compare", args=[old_snapshot.ai_system.pk])
    page = login(owner).get(f"{url}?older={old_snapshot.pk}&newer={newer.pk}").content.decode()
    assert "The rule pack changed between these snapshots (2026.2 → 2026.3)" in page
    # the rule that no longer fires is worded as 2026.2 worded it
    assert escape(OLD.rule_explanation("roles.gpai_model_provider")) in page
