"""Words for incident pages: the countdown, harms, authorities and actions."""

from __future__ import annotations

import datetime as dt

from core.countries import country_name
from incidents.regulation import regulation

TWO_DAYS = dt.timedelta(days=2)

ACTION_WORDS = {
    "file_art73_report": "File the serious incident report with the authority",
    "investigate": "Investigate and assess the risk; do not alter the system before telling the authority",
    "corrective_action": "Take corrective action: bring into conformity, withdraw, disable or recall",
    "inform_provider": "Inform the provider first",
    "inform_importer_or_distributor": "Then inform the importer or distributor",
    "inform_market_surveillance_authority": "Inform the market surveillance authority",
}
AUTHORITY_WORDS = {
    "market_surveillance_authority": "Market surveillance authority",
    "national_competent_authority": "National competent authority for medical devices",
    "ai_office": "The AI Office (European Commission)",
}
INFRINGEMENT_WORDS = {
    "prohibited_practice": "Prohibited practice (Art 5)",
    "operator_obligation": "Obligation of an operator (Art 16, 22-24, 26, 50)",
    "incorrect_information": "Incorrect or misleading information to authorities",
    "gpai_provider": "Obligation of a GPAI model provider",
}


def _span(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if delta >= TWO_DAYS:
        return f"{days} days {hours} h"
    hours += days * 24
    return f"{hours} h {minutes:02d} min"


def countdown(due_at: dt.datetime | None, now: dt.datetime) -> str:
    """ "5 days 3 h left"; under two days in hours: "47 h 30 min left"; "passed 2 h 05 min ago" """
    if due_at is None:
        return ""
    if due_at <= now:
        return f"passed {_span(now - due_at)} ago"
    return f"{_span(due_at - now)} left"


def harm_label(code: str) -> str:
    harm = regulation().harms.get(code)
    return f"{harm.label} (Art 3(49)({harm.point}))" if harm else code


def authority_label(authority: dict) -> str:
    words = AUTHORITY_WORDS.get(authority["kind"], authority["kind"])
    state = authority.get("member_state")
    return f"{words}, {country_name(state)}" if state else words
