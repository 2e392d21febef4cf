"""The pure incident assessment, table by table: routing, limits and the clock's edges."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from incidents.assessment import AnswersError, Clock, assess_incident, effective_clock, legal_last_day

HIGH_RISK_ANNEX_III = {"system.high_risk": True, "system.annex_iii": True}


def assess(**answers) -> dict:
    base = {"incident.member_states": ["DE"], "incident.aware_at": "2028-03-02T09:30:00+01:00", **HIGH_RISK_ANNEX_III}
    return assess_incident({**base, **{key.replace("__", "."): value for key, value in answers.items()}})


def codes(result: dict) -> list[str]:
    return [action["code"] for action in result["our_actions"]]


# The shortest limit that applies ---------------------------------------------------------


@pytest.mark.parametrize(
    ("harms", "widespread", "medical", "days", "paragraph"),
    [
        (["fundamental_rights_infringement"], False, False, 15, "73(2)"),
        (["serious_harm_to_health"], False, False, 15, "73(2)"),
        (["death"], False, False, 10, "73(4)"),
        (["death", "critical_infrastructure_disruption"], False, False, 2, "73(3)"),
        (["death"], True, False, 2, "73(3)"),
        (["property_or_environment_harm"], True, False, 2, "73(3)"),
        # A medical device reports only point (c) under Art 73: the death no longer sets 10 days.
        (["death", "fundamental_rights_infringement"], False, True, 15, "73(2)"),
        (["critical_infrastructure_disruption", "fundamental_rights_infringement"], False, True, 15, "73(2)"),
    ],
)
def test_the_shortest_applicable_limit_wins(harms, widespread, medical, days, paragraph):
    result = assess(incident__harms=harms, incident__widespread_infringement=widespread, system__medical_device=medical)
    assert (result["deadline_days"], result["deadline_paragraph"]) == (days, paragraph)


@pytest.mark.parametrize(
    ("answers", "notifiable", "applies"),
    [
        ({"system.medical_device": True}, [], False),
        ({"provider.equivalent_sectoral_reporting": True}, [], False),
        # Equivalent sectoral reporting limits only Annex III systems (Art 73(9)).
        ({"provider.equivalent_sectoral_reporting": True, "system.annex_iii": False}, ["a"], True),
        ({"system.annex_i_section_b": True}, ["a"], False),
        ({"system.high_risk": False}, ["a"], False),
        ({}, ["a"], True),
    ],
)
def test_art_73_9_and_10_and_art_2_2_limit_what_is_reported(answers, notifiable, applies):
    result = assess(incident__harms=["death"], **{k.replace(".", "__"): v for k, v in answers.items()})
    assert result["notifiable_harm_points"] == notifiable
    assert result["art73_applies"] is applies
    assert result["initial_report_allowed"] is applies
    if not applies:
        assert result["report_due_at"] is None and result["authorities"] == [] and result["legal_deadlines"] == []


def test_a_deployer_informs_the_provider_even_when_art_73_10_limits_the_report():
    result = assess(incident__harms=["death"], system__medical_device=True)
    assert not result["art73_applies"]
    assert codes(result) == [
        "inform_provider",
        "inform_importer_or_distributor",
        "inform_market_surveillance_authority",
    ]


def test_annex_i_section_b_owes_no_art_26_5_information():
    assert codes(assess(incident__harms=["death"], system__annex_i_section_b=True)) == []


def test_the_provider_files_investigates_and_corrects_with_the_report_due_time():
    result = assess(incident__harms=["death"], org__role="provider", org__provider_reachable=False)
    assert result["reporter"] == "provider"
    assert [(a["code"], a["due"]) for a in result["our_actions"]] == [
        ("file_art73_report", "2028-03-12T09:30:00+01:00"),
        ("investigate", "immediately"),
        ("corrective_action", "immediately"),
    ]


def test_no_harm_is_no_serious_incident_and_needs_no_awareness_time():
    result = assess_incident({"system.high_risk": True})
    assert result["serious_incident"] is False and result["harm_points"] == [] and result["our_actions"] == []
    assert result["trace"][0] == {"rule": "serious_incident", "fired": False, "because": [], "citation": "Art 3(49)"}


def test_harm_points_are_sorted_once_each():
    result = assess(incident__harms=["fundamental_rights_infringement", "serious_harm_to_health", "death"])
    assert result["harm_points"] == ["a", "c"]


# Authorities -----------------------------------------------------------------------------


def test_each_member_state_gets_its_authority_sorted():
    result = assess(incident__harms=["death"], incident__member_states=["IT", "AT"], system__medical_device=False)
    assert result["authorities"] == [
        {"kind": "market_surveillance_authority", "member_state": "AT"},
        {"kind": "market_surveillance_authority", "member_state": "IT"},
    ]


def test_a_medical_device_goes_to_the_national_competent_authority():
    result = assess(incident__harms=["fundamental_rights_infringement"], system__medical_device=True)
    assert result["authorities"] == [{"kind": "national_competent_authority", "member_state": "DE"}]


def test_the_ai_office_receives_the_report_and_counts_with_belgian_holidays():
    # 19 Jul 2028 + 2 days = Friday 21 Jul, Belgian National Day: the period ends on Monday 24 Jul.
    result = assess(
        incident__harms=["critical_infrastructure_disruption"],
        incident__aware_at="2028-07-19T10:00:00+02:00",
        system__ai_office_competence=True,
    )
    assert result["authorities"] == [{"kind": "ai_office", "member_state": None}]
    assert result["legal_deadlines"] == [{"member_state": None, "date": "2028-07-24"}]


def test_the_gpai_model_provider_reports_a_serious_incident_whatever_the_system():
    result = assess_incident(
        {
            "incident.harms": ["property_or_environment_harm"],
            "incident.aware_at": "2028-01-03T10:00:00Z",
            "model.gpai_systemic_risk": True,
        }
    )
    assert result["gpai_provider_reports_to_ai_office"] is True and result["art73_applies"] is False


# The clock -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("aware_at", "harms", "due_at"),
    [
        # UTC written as Z comes back as +00:00.
        ("2028-05-11T22:00:00Z", ["critical_infrastructure_disruption"], "2028-05-13T22:00:00+00:00"),
        # Berlin moves to summer time on 26 Mar 2028: the offset given is kept, so the limit is exactly 240 hours.
        ("2028-03-24T09:00:00+01:00", ["death"], "2028-04-03T09:00:00+01:00"),
        # Seconds are kept, fractions dropped.
        ("2028-03-02T09:30:15.5+05:30", ["fundamental_rights_infringement"], "2028-03-17T09:30:15+05:30"),
    ],
)
def test_the_latest_safe_time_keeps_the_clock_time_and_offset(aware_at, harms, due_at):
    result = assess(incident__harms=harms, incident__aware_at=aware_at)
    assert result["report_due_at"] == due_at
    span = dt.datetime.fromisoformat(due_at) - dt.datetime.fromisoformat(aware_at).replace(microsecond=0)
    assert span == dt.timedelta(days=result["deadline_days"])


@pytest.mark.parametrize(
    ("aware_at", "days", "country", "last_day"),
    [
        # The day of awareness is its date in the offset given: late evening in New York is still 2 March.
        ("2028-03-02T23:30:00-05:00", 15, "DE", "2028-03-17"),
        ("2028-03-03T04:30:00+00:00", 15, "DE", "2028-03-20"),  # 18 Mar is a Saturday → Monday 20
        # Good Friday and Easter Monday are national holidays in Germany, not in France.
        ("2028-04-12T10:00:00+02:00", 2, "DE", "2028-04-18"),
        ("2028-04-12T10:00:00+02:00", 2, "FR", "2028-04-14"),
        ("2028-07-12T10:00:00+02:00", 2, "FR", "2028-07-17"),  # Friday 14 Jul, then the weekend
        ("2028-12-22T10:00:00+01:00", 2, "IT", "2028-12-27"),  # Sunday 24 → 25, 26 holidays → Wednesday 27
        ("2028-12-22T10:00:00+01:00", 2, "XX", "2028-12-25"),  # a state without a calendar: weekends only
    ],
)
def test_the_legal_deadline_follows_regulation_1182_71(aware_at, days, country, last_day):
    assert legal_last_day(dt.datetime.fromisoformat(aware_at), days, country).isoformat() == last_day


def test_each_member_state_gets_its_own_legal_deadline():
    result = assess(
        incident__harms=["critical_infrastructure_disruption"],
        incident__aware_at="2028-04-12T10:00:00+02:00",
        incident__member_states=["FR", "DE"],
    )
    assert result["legal_deadlines"] == [
        {"member_state": "DE", "date": "2028-04-18"},
        {"member_state": "FR", "date": "2028-04-14"},
    ]


AWARE = dt.datetime(2028, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("clocks", "paragraph", "due_at"),
    [
        ([], None, None),
        ([("73(2)", 15, 0)], "73(2)", AWARE + dt.timedelta(days=15)),
        # A death learned of on day 3 sets 10 days from then (13 Mar): earlier than 16 Mar, it wins.
        ([("73(2)", 15, 0), ("73(4)", 10, 2)], "73(4)", AWARE + dt.timedelta(days=12)),
        # Learned of on day 9, it would end on 20 Mar: the first clock (16 Mar) still binds.
        ([("73(2)", 15, 0), ("73(4)", 10, 9)], "73(2)", AWARE + dt.timedelta(days=15)),
        # A reassessment that only adds a member state does not restart the clock.
        ([("73(2)", 15, 0), ("73(2)", 15, 5)], "73(2)", AWARE + dt.timedelta(days=15)),
        # The first awareness of the triggering facts counts, in whatever order the rows come.
        ([("73(3)", 2, 4), ("73(3)", 2, 1), ("73(2)", 15, 0)], "73(3)", AWARE + dt.timedelta(days=3)),
    ],
)
def test_a_reassessment_moves_the_clock_only_to_the_shortest_limit_from_first_awareness(clocks, paragraph, due_at):
    clock = effective_clock(Clock(p, days, AWARE + dt.timedelta(days=offset)) for p, days, offset in clocks)
    assert (clock.paragraph if clock else None) == paragraph
    assert (clock.due_at if clock else None) == due_at


# Refused answers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "key"),
    [
        ({"incident.nope": True}, "incident.nope"),
        ({"system.high_risk": "yes"}, "system.high_risk"),
        ({"system.high_risk": 1}, "system.high_risk"),
        ({"incident.harms": "death"}, "incident.harms"),
        ({"incident.harms": ["reputational_damage"]}, "incident.harms"),
        ({"incident.member_states": ["US"]}, "incident.member_states"),
        ({"incident.member_states": ["de"]}, "incident.member_states"),
        ({"org.role": "importer"}, "org.role"),
        ({"incident.aware_at": "2028-03-02T09:30:00"}, "incident.aware_at"),
        ({"incident.aware_at": "2028-03-02"}, "incident.aware_at"),
        ({"incident.aware_at": "yesterday"}, "incident.aware_at"),
        ({"incident.aware_at": 1700000000}, "incident.aware_at"),
        ({"incident.harms": ["death"]}, "incident.aware_at"),
    ],
)
def test_bad_answers_are_refused_naming_the_key(answers, key):
    with pytest.raises(AnswersError) as refused:
        assess_incident(answers)
    assert key in refused.value.errors


def test_every_problem_is_named_at_once():
    with pytest.raises(AnswersError) as refused:
        assess_incident({"org.role": "x", "system.high_risk": "y", "extra": 1})
    assert set(refused.value.errors) == {"org.role", "system.high_risk", "extra"}


def test_the_assessment_modules_import_no_django():
    code = "import sys, incidents.assessment; sys.exit('django' in sys.modules)"
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0
