"""The facts red-flag rules read about one subject (an AI system or a vendor), gathered once per evaluation."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from compliance.models import HELD_STATUSES, Document, DocumentRequest, NotifiedBody, RequestStatus

SYSTEM, VENDOR = "system", "vendor"


def normalise_notified_body_number(raw: str) -> str:
    """ "NB 0123" and "CE 0123" as printed after a CE mark mean number 0123."""
    return re.sub(r"^(NB|CE)\s*", "", raw.strip(), flags=re.IGNORECASE).replace(" ", "")


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


@dataclass
class Facts:
    """Everything the rules look at for one subject, read once."""

    scope: str
    today: dt.date
    vendor: object
    system: object | None = None
    classification: object | None = None
    required: frozenset[str] = frozenset()
    requests: dict[str, DocumentRequest] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)  # current document of each held request
    # A system's facts also see its vendor's vendor-level documents (an authorised representative's mandate).
    vendor_requests: dict[str, DocumentRequest] = field(default_factory=dict)
    vendor_documents: dict[str, Document] = field(default_factory=dict)
    registry: dict[str, NotifiedBody] = field(default_factory=dict)
    # What the registered facts loaders gave for this subject: loader name → value (None when it gave none).
    extra: dict[str, Any] = field(default_factory=dict)

    # Helpers the predicates share ----------------------------------------------------

    def status(self, code: str) -> str | None:
        request = self.requests.get(code) or self.vendor_requests.get(code)
        return request.status if request else None

    def held(self, code: str) -> Document | None:
        return self.documents.get(code) or self.vendor_documents.get(code)

    def with_facts(self) -> list[Document]:
        return [document for document in self.documents.values() if document.has_facts]

    def missing(self, code: str) -> bool:
        """Required, not in our hands, and neither refused (its own flag) nor waived."""
        return code in self.required and self.status(code) not in (*HELD_STATUSES, RequestStatus.WAIVED)

    def result(self, key: str, default=None):
        return self.classification.result.get(key, default) if self.classification else default

    def answer(self, key: str, default=None):
        return self.classification.answers.get(key, default) if self.classification else default

    def notified_body_numbers(self) -> list[str]:
        return [
            normalise_notified_body_number(d.notified_body_number)
            for d in self.with_facts()
            if d.notified_body_number.strip()
        ]
