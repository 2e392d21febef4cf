"""The vendor questionnaire: what we ask every vendor about itself and its AI Act position.

The same questions serve the portal form, the XLSX template and its import. Answers are
stored as JSON-safe values (dates as ISO strings); `clean_answer` turns what a person
typed into that value or raises ValueError with a message for the person.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from core.countries import COUNTRY_CODES


@dataclass(frozen=True)
class Question:
    key: str
    section: str
    text: str
    kind: str = "text"  # text | long_text | email | date | choice | country
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""

    @property
    def choice_labels(self) -> list[str]:
        return [label for _, label in self.choices]


YES_NO_UNKNOWN = (("yes", "Yes"), ("no", "No"), ("unknown", "Not known"))
CONFORMITY_STATUSES = (
    ("completed", "Completed"),
    ("in_progress", "In progress"),
    ("not_started", "Not started"),
    ("not_applicable", "Not applicable (not high-risk)"),
)

QUESTIONS: tuple[Question, ...] = (
    Question("company_legal_name", "Company", "Registered company name"),
    Question("company_address", "Company", "Registered address", "long_text"),
    Question("company_country", "Company", "Country of establishment (ISO code, e.g. DE)", "country"),
    Question(
        "eu_representative_name",
        "EU representative",
        "EU authorised representative (providers established outside the EU, Art 22)",
    ),
    Question("eu_representative_email", "EU representative", "Representative's e-mail", "email"),
    Question(
        "conformity_status",
        "Conformity",
        "Status of the conformity assessment (Art 43)",
        "choice",
        CONFORMITY_STATUSES,
    ),
    Question("conformity_completion_date", "Conformity", "Date it was (or will be) completed", "date"),
    Question("notified_body_number", "Conformity", "Notified body's 4-digit number, if one took part (Art 48(4))"),
    Question("certificate_number", "Conformity", "Certificate number issued by the notified body (Art 44)"),
    Question("standards_applied", "Conformity", "Harmonised standards or common specifications applied (Art 40, 41)"),
    Question("gpai_model", "GPAI", "General-purpose AI model the system is built on, and its provider"),
    Question(
        "gpai_code_of_practice",
        "GPAI",
        "Does that model's provider adhere to the GPAI code of practice (Art 56)?",
        "choice",
        YES_NO_UNKNOWN,
    ),
    Question("incident_contact_name", "Incidents", "Who we contact about a serious incident (Art 73)"),
    Question("incident_contact_email", "Incidents", "Their e-mail", "email"),
    Question("incident_contact_phone", "Incidents", "Their phone number"),
)
BY_KEY = {question.key: question for question in QUESTIONS}
NB_NUMBER = re.compile(r"\d{4}")
MAX_TEXT = 2000
LATEST_DATE = dt.date(2999, 12, 31)
EARLIEST_DATE = dt.date(1970, 1, 1)


def _clean_date(value) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError("expected a date (YYYY-MM-DD)") from None
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError("expected a date between 1970 and 2999")
    return value.isoformat()


def _clean_choice(question: Question, value) -> str:
    text = str(value).strip()
    for code, label in question.choices:
        if text in (code, label):
            return code
    raise ValueError(f"expected one of: {', '.join(question.choice_labels)}")


def clean_answer(question: Question, value) -> str:
    """The stored form of one answer ('' for a blank); ValueError says what was expected."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    if question.kind == "date":
        return _clean_date(value)
    if question.kind == "choice":
        return _clean_choice(question, value)
    if isinstance(value, (dt.date, dt.datetime, bool)):
        raise ValueError("expected text")
    text = str(value).strip()
    if len(text) > MAX_TEXT:
        raise ValueError(f"expected at most {MAX_TEXT} characters")
    if question.kind == "email":
        try:
            validate_email(text)
        except ValidationError:
            raise ValueError("expected an e-mail address") from None
    if question.kind == "country" and text.upper() not in COUNTRY_CODES:
        raise ValueError("expected a two-letter country code such as DE")
    if question.key == "notified_body_number" and not NB_NUMBER.fullmatch(text):
        raise ValueError("expected the notified body's 4-digit number")
    return text.upper() if question.kind == "country" else text


def clean_answers(raw: dict) -> dict[str, str]:
    """Every known question's stored answer; unknown keys and bad values → ValidationError by key."""
    errors = {key: "Unknown question." for key in raw if key not in BY_KEY}
    cleaned = {}
    for key, value in raw.items():
        if key in BY_KEY:
            try:
                cleaned[key] = clean_answer(BY_KEY[key], value)
            except ValueError as error:
                errors[key] = f"{str(error).capitalize()}."
    if errors:
        raise ValidationError(errors)
    return cleaned


def answered_count(answers: dict) -> int:
    return sum(1 for question in QUESTIONS if answers.get(question.key))


def display_value(question: Question, stored: str) -> str:
    if question.kind == "choice":
        return dict(question.choices).get(stored, stored)
    return stored
