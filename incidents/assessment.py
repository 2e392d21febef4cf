"""The two pure assessments of the contract (spec/incidents.md): serious incidents and penalty exposure.

Flat answer keys in, one JSON-ready dict out, with a trace of the rules that decided
it. No Django here: the web pages, the API, the commands and the stored incident
snapshots all call these functions, and the rules themselves are data (regulation.yaml).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from core.calendar import is_business_day
from core.countries import EEA_COUNTRIES
from incidents.regulation import INFRINGEMENTS, regulation

ROLES = ("provider", "deployer")
MSA = "market_surveillance_authority"
NCA = "national_competent_authority"
AI_OFFICE = "ai_office"
IMMEDIATELY = "immediately"


class AnswersError(ValueError):
    """Refused answers: `errors` maps each answer key to its problems, in words."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"{key}: {' '.join(problems)}" for key, problems in errors.items()))
        self.errors = errors


# Answer checking -------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerKey:
    kind: str  # bool | list | enum | datetime | number
    default: Any = None
    choices: tuple[str, ...] = ()
    required: bool = False


def _check_bool(value: Any, key: AnswerKey) -> tuple[Any, str | None]:
    return (value, None) if isinstance(value, bool) else (None, "expected true or false")


def _check_list(value: Any, key: AnswerKey) -> tuple[Any, str | None]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return None, "expected a list of codes"
    unknown = sorted(set(value) - set(key.choices))
    if unknown:
        return None, f"unknown value(s) {', '.join(unknown)}; expected any of {', '.join(sorted(key.choices))}"
    return sorted(set(value)), None


def _check_enum(value: Any, key: AnswerKey) -> tuple[Any, str | None]:
    if value not in key.choices or not isinstance(value, str):
        return None, f"unknown value {value!r}; expected one of {', '.join(key.choices)}"
    return value, None


def _check_datetime(value: Any, key: AnswerKey) -> tuple[Any, str | None]:
    if not isinstance(value, str):
        return None, "expected an ISO 8601 date-time with a UTC offset, e.g. 2028-03-02T09:30:00+01:00"
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None, f"not an ISO 8601 date-time: {value[:40]!r}"
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        return None, "the date-time needs a UTC offset, e.g. +01:00 or Z"
    return parsed, None


def _check_number(value: Any, key: AnswerKey) -> tuple[Any, str | None]:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None, "expected a number"
    if value < 0:
        return None, "must not be negative"
    return value, None


CHECKS: dict[str, Callable[[Any, AnswerKey], tuple[Any, str | None]]] = {
    "bool": _check_bool,
    "list": _check_list,
    "enum": _check_enum,
    "datetime": _check_datetime,
    "number": _check_number,
}


def clean_answers(answers: Any, schema: Mapping[str, AnswerKey]) -> dict[str, Any]:
    """The answers typed and completed with defaults, or AnswersError naming each bad key."""
    if not isinstance(answers, Mapping):
        raise AnswersError({"answers": ["expected an object of answer keys to values"]})
    errors: dict[str, list[str]] = {}
    clean = {name: key.default for name, key in schema.items()}
    for name, value in answers.items():
        key = schema.get(name)
        if key is None:
            errors[str(name)] = ["unknown answer key"]
            continue
        if value is None:  # an explicit null is the same as not answering
            continue
        checked, problem = CHECKS[key.kind](value, key)
        if problem:
            errors[name] = [problem]
        else:
            clean[name] = checked
    for name, key in schema.items():
        if key.required and clean[name] is None and name not in errors:
            errors[name] = ["required"]
    if errors:
        raise AnswersError(errors)
    return clean


def incident_schema() -> dict[str, AnswerKey]:
    harms = tuple(regulation().harms)
    return {
        "incident.harms": AnswerKey("list", (), harms),
        "incident.widespread_infringement": AnswerKey("bool", False),
        "incident.member_states": AnswerKey("list", (), tuple(sorted(EEA_COUNTRIES))),
        "incident.aware_at": AnswerKey("datetime"),
        "system.high_risk": AnswerKey("bool", False),
        "system.annex_i_section_b": AnswerKey("bool", False),
        "system.annex_iii": AnswerKey("bool", False),
        "system.medical_device": AnswerKey("bool", False),
        "provider.equivalent_sectoral_reporting": AnswerKey("bool", False),
        "model.gpai_systemic_risk": AnswerKey("bool", False),
        "system.ai_office_competence": AnswerKey("bool", False),
        "org.role": AnswerKey("enum", "deployer", ROLES),
        "org.provider_reachable": AnswerKey("bool", True),
    }


def penalty_schema() -> dict[str, AnswerKey]:
    return {
        "infringement": AnswerKey("enum", None, INFRINGEMENTS, required=True),
        "org.worldwide_turnover_eur": AnswerKey("number"),
        "org.is_sme": AnswerKey("bool", False),
        "org.is_small_mid_cap": AnswerKey("bool", False),
        "org.is_undertaking": AnswerKey("bool", True),
        "org.is_union_institution": AnswerKey("bool", False),
        "org.is_public_authority": AnswerKey("bool", False),
    }


# Clocks ----------------------------------------------------------------------------------


def latest_safe_time(aware_at: dt.datetime, days: int) -> dt.datetime:
    """`days` calendar days after awareness at the same clock time in the same UTC offset.

    A fixed offset means exactly days × 24 hours: a DST change in between does not
    shorten or lengthen the period (the page shows the instant in local time).
    """
    return aware_at + dt.timedelta(days=days)


def legal_last_day(aware_at: dt.datetime, days: int, holiday_country: str) -> dt.date:
    """Reg. (EEC, Euratom) No 1182/71 Art 3: the last day of a period of `days` days from awareness.

    The day of awareness (its date in the offset given) does not count (Art 3(1)); the
    period ends with the last hour of its last day (Art 3(2)(b)); a last day on a
    Saturday, Sunday or public holiday of the state concerned moves to the next
    working day (Art 3(4)).
    """
    day = aware_at.date() + dt.timedelta(days=days)
    while not is_business_day(day, holiday_country):
        day += dt.timedelta(days=1)
    return day


def format_instant(moment: dt.datetime) -> str:
    """YYYY-MM-DDTHH:MM:SS±HH:MM, +00:00 for UTC."""
    return moment.isoformat(timespec="seconds")


@dataclass(frozen=True)
class Clock:
    """One assessment's report limit: the paragraph, its days, and the awareness it counts from."""

    paragraph: str
    days: int
    aware_at: dt.datetime

    @property
    def due_at(self) -> dt.datetime:
        return latest_safe_time(self.aware_at, self.days)


def effective_clock(clocks: Iterable[Clock]) -> Clock | None:
    """The binding clock over an incident's assessments (first, then each reassessment).

    Each limit counts from the *first* awareness of the facts that trigger it, and the
    shortest wins: a reassessment that adds a member state keeps the old clock; one
    that learns of a death on day 3 of a 15-day clock sets 10 days from day 3 only
    when that ends earlier.
    """
    first_by_paragraph: dict[str, Clock] = {}
    for clock in clocks:
        known = first_by_paragraph.get(clock.paragraph)
        if known is None or clock.aware_at < known.aware_at:
            first_by_paragraph[clock.paragraph] = clock
    if not first_by_paragraph:
        return None
    return min(first_by_paragraph.values(), key=lambda clock: clock.due_at)


# Serious incidents -----------------------------------------------------------------------


class Trace:
    def __init__(self) -> None:
        self.entries: list[dict] = []

    def rule(self, rule: str, fired: bool, because: list[str], citation: str) -> bool:
        self.entries.append({"rule": rule, "fired": fired, "because": because, "citation": citation})
        return fired


def _report_limit(answers: dict, notifiable: list[str], trace: Trace):
    limits = regulation().report_limits
    because = ["widespread infringement (Art 3(61))"] * answers["incident.widespread_infringement"]
    because += ["point (b) notifiable"] * ("b" in notifiable)
    if trace.rule("deadline_two_days", bool(because), because, limits["73(3)"].citation):
        return limits["73(3)"]
    death = "death" in answers["incident.harms"] and "a" in notifiable
    because = ["a death, point (a) notifiable"] * death
    if trace.rule("deadline_death", death, because, limits["73(4)"].citation):
        return limits["73(4)"]
    trace.rule("deadline_general", True, ["no shorter limit applies"], limits["73(2)"].citation)
    return limits["73(2)"]


def _authorities(answers: dict) -> list[dict]:
    if answers["system.ai_office_competence"]:
        return [{"kind": AI_OFFICE, "member_state": None}]
    kind = NCA if answers["system.medical_device"] else MSA
    return [{"kind": kind, "member_state": state} for state in answers["incident.member_states"]]


def _legal_deadlines(authorities: list[dict], aware_at: dt.datetime, days: int) -> list[dict]:
    office_country = regulation().ai_office_holiday_country
    deadlines = [
        {
            "member_state": authority["member_state"],
            "date": legal_last_day(aware_at, days, authority["member_state"] or office_country).isoformat(),
        }
        for authority in authorities
    ]
    return sorted(deadlines, key=lambda item: item["member_state"] or "")


def _our_actions(answers: dict, serious: bool, art73: bool, covered: bool, due: str | None, trace: Trace) -> list:
    provider = answers["org.role"] == "provider"
    actions = []
    if trace.rule("provider_duties", provider and art73, ["we are the provider", "Art 73 applies"], "Art 73(1)"):
        actions += [
            {"code": "file_art73_report", "citation": "Art 73(1)", "due": due},
            {"code": "investigate", "citation": "Art 73(6)", "due": IMMEDIATELY},
            {"code": "corrective_action", "citation": "Art 20", "due": IMMEDIATELY},
        ]
    deployer = not provider and answers["system.high_risk"] and covered and serious
    because = ["we are the deployer of a high-risk system", "a serious incident"] if deployer else []
    if trace.rule("deployer_informs", deployer, because, "Art 26(5)"):
        actions += [
            {"code": code, "citation": "Art 26(5)", "due": IMMEDIATELY}
            for code in ("inform_provider", "inform_importer_or_distributor", "inform_market_surveillance_authority")
        ]
        unreachable = art73 and not answers["org.provider_reachable"]
        if trace.rule("deployer_reports", unreachable, ["the provider cannot be reached"] * unreachable, "Art 26(5)"):
            actions.append({"code": "file_art73_report", "citation": "Art 26(5), Art 73", "due": due})
    return actions


def _notifiable_points(answers: dict, points: list[str], trace: Trace) -> list[str]:
    medical = answers["system.medical_device"]
    sectoral = answers["system.annex_iii"] and answers["provider.equivalent_sectoral_reporting"]
    limited = medical or sectoral
    because = ["a medical device (Art 73(10))"] * medical + ["Annex III with equivalent sectoral reporting"] * sectoral
    trace.rule("notifiable_points_limited", limited, because, "Art 73(9), 73(10)")
    if not limited:
        return list(points)
    return [point for point in points if point in regulation().limited_points]


def assess_incident(answers: Any) -> dict:
    """The serious-incident assessment of the contract, or AnswersError."""
    answers = clean_answers(answers, incident_schema())
    harms = answers["incident.harms"]
    if harms and answers["incident.aware_at"] is None:
        raise AnswersError({"incident.aware_at": ["required when a harm is given: the clock starts there"]})
    trace = Trace()
    points = sorted({regulation().harms[harm].point for harm in harms})
    serious = trace.rule("serious_incident", bool(harms), [f"harm point ({p})" for p in points], "Art 3(49)")
    notifiable = _notifiable_points(answers, points, trace)
    covered = not answers["system.annex_i_section_b"]
    high_risk = answers["system.high_risk"]
    because = ["high-risk" if high_risk else "not high-risk"]
    because += [] if covered else ["only through Annex I section B (Art 2(2))"]
    because += [f"notifiable points: {', '.join(notifiable) or 'none'}"]
    art73 = trace.rule("art73_applies", high_risk and covered and bool(notifiable), because, "Art 73(1), Art 2(2)")
    result = {
        "serious_incident": serious,
        "harm_points": points,
        "notifiable_harm_points": notifiable,
        "art73_applies": art73,
        "reporter": None,
        "deadline_days": None,
        "deadline_paragraph": None,
        "report_due_at": None,
        "legal_deadlines": [],
        "authorities": [],
        "gpai_provider_reports_to_ai_office": serious and answers["model.gpai_systemic_risk"],
        "initial_report_allowed": art73,
    }
    trace.rule("gpai_ai_office", result["gpai_provider_reports_to_ai_office"], [], "Art 55(1)(c)")
    due = None
    if art73:
        limit = _report_limit(answers, notifiable, trace)
        aware_at = answers["incident.aware_at"]
        due = format_instant(latest_safe_time(aware_at, limit.days))
        we_report = answers["org.role"] == "deployer" and not answers["org.provider_reachable"]
        authorities = _authorities(answers)
        result.update(
            reporter="deployer" if we_report else "provider",
            deadline_days=limit.days,
            deadline_paragraph=limit.paragraph,
            report_due_at=due,
            authorities=authorities,
            legal_deadlines=_legal_deadlines(authorities, aware_at, limit.days),
        )
    result["our_actions"] = _our_actions(answers, serious, art73, covered, due, trace)
    result["trace"] = trace.entries
    return result


# Penalty exposure ------------------------------------------------------------------------


def turnover_cap(turnover: float | int, percent: int) -> int:
    """turnover × percent / 100, to the nearest euro, halves up."""
    return int((Decimal(str(turnover)) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _factors(article: str) -> list[str]:
    return list(regulation().factors[article])


def penalty_exposure(answers: Any) -> dict:
    """The ceiling of a fine for one kind of infringement (contract §2), or AnswersError."""
    answers = clean_answers(answers, penalty_schema())
    infringement = answers["infringement"]
    tier = regulation().penalty_tiers[infringement]
    turnover = answers["org.worldwide_turnover_eur"]
    trace = Trace()
    if trace.rule("union_institution", answers["org.is_union_institution"], ["a Union body"], "Art 100"):
        key = "prohibited_practice" if infringement == "prohibited_practice" else "other"
        article, amount = regulation().union_institution[key]
        return _penalty(article, amount, None, None, "fixed", amount, "Art 100(1)", trace)
    gpai = infringement == "gpai_provider"
    public = answers["org.is_public_authority"] and not gpai
    if trace.rule("national_public_authority", public, ["a national public authority"] * public, "Art 99(8)"):
        return _penalty(tier.article, None, None, None, "national", None, "Art 99(7)", trace)
    factors_article = "Art 101(1)" if gpai else "Art 99(7)"
    undertaking = answers["org.is_undertaking"]
    if trace.rule("not_an_undertaking", not undertaking, [], "Art 99(3)-(5)"):
        fixed = tier.fixed_cap_eur
        return _penalty(tier.article, fixed, None, None, "fixed", fixed, factors_article, trace)
    small = (answers["org.is_sme"] or answers["org.is_small_mid_cap"]) and not gpai
    because = ["SME, start-up or small mid-cap"] if small else ["Art 101 has no SME rule"] * gpai
    trace.rule("lower_of_two", small, because, "Art 99(6), 99(6a)")
    rule = "lower" if small else "higher"
    cap = None if turnover is None else turnover_cap(turnover, tier.percent)
    because = [] if cap is None else [f"{tier.percent} % of {turnover}"]
    trace.rule("turnover_known", cap is not None, because, tier.article)
    maximum = None if cap is None else (min if small else max)(tier.fixed_cap_eur, cap)
    return _penalty(tier.article, tier.fixed_cap_eur, tier.percent, cap, rule, maximum, factors_article, trace)


def _penalty(article, fixed, percent, cap, rule, maximum, factors_article, trace: Trace) -> dict:
    determinable = maximum is not None
    return {
        "article": article,
        "fixed_cap_eur": fixed,
        "turnover_percent": percent,
        "turnover_cap_eur": cap,
        "rule": rule,
        "max_fine_eur": maximum,
        "determinable": determinable,
        "factors": _factors(factors_article),
        "factors_article": factors_article,
        "trace": trace.entries,
    }
