"""The state machines of document requests and documents: every allowed move, declared once.

A request is the slot for one document about one subject; `NEW` is the state of a slot
nobody has asked for yet. A document (one received version) is current until a newer
upload supersedes it; only the current version is worked on. Services check a move here
before they write (`compliance.services.requests.transition` moves the request's status).
"""

from __future__ import annotations

from compliance.audit_actions import (
    REQUEST_RECEIVED,
    REQUEST_REFUSED,
    REQUEST_REJECTED,
    REQUEST_REOPENED,
    REQUEST_REQUESTED,
    REQUEST_VERIFIED,
    REQUEST_WAIVED,
    REQUEST_WITHDRAWN,
)
from compliance.models import RequestStatus
from core.states import Move, StateMachine

NEW = ""
REQUESTED, RECEIVED, VERIFIED = RequestStatus.REQUESTED, RequestStatus.RECEIVED, RequestStatus.VERIFIED
REJECTED, REFUSED, WAIVED, WITHDRAWN = (
    RequestStatus.REJECTED,
    RequestStatus.REFUSED,
    RequestStatus.WAIVED,
    RequestStatus.WITHDRAWN,
)
EVERY_STATUS = frozenset(RequestStatus.values)


def _request_label(state: str) -> str:
    return RequestStatus(state).label if state else "Not requested"


REQUEST_MACHINE = StateMachine(
    "document request",
    [
        # Asking again is fine after a refusal, a waiver, a rejection or a withdrawal.
        Move(
            "request",
            sources={NEW, REFUSED, WAIVED, REJECTED, WITHDRAWN},
            target=REQUESTED,
            field="document_type",
            refusal="This document is already {state}.",
        ),
        # A vendor may send a document whatever we asked: a new version always needs verifying.
        Move("receive", sources=EVERY_STATUS, target=RECEIVED, field="file", refusal="Ask for the document first."),
        Move(
            "refuse",
            sources={REQUESTED},
            target=REFUSED,
            field="note",
            refusal="Only a document we asked for and have not received can be refused.",
        ),
        Move(
            "waive",
            sources={NEW, REQUESTED, RECEIVED, REJECTED, REFUSED, WITHDRAWN},
            target=WAIVED,
            field="reason",
            refusal="This document is already {state}.",
        ),
        Move(
            "verify",
            sources={RECEIVED},
            target=VERIFIED,
            field="document",
            refusal="Only a received document awaiting verification can be verified.",
        ),
        Move(
            "reject",
            sources={RECEIVED, VERIFIED},
            target=REJECTED,
            field="note",
            refusal="Only a received document can be rejected.",
        ),
        Move(
            "reopen",
            sources={VERIFIED},
            target=RECEIVED,
            field="reason",
            refusal="Only a verified document can be re-verified.",
        ),
        Move(
            "withdraw",
            sources={REQUESTED},
            target=WITHDRAWN,
            field="document_type",
            refusal="Only an outstanding request can be withdrawn.",
        ),
    ],
    label=_request_label,
)

# The audit action each move of a request records.
REQUEST_MOVE_ACTIONS = {
    "request": REQUEST_REQUESTED,
    "receive": REQUEST_RECEIVED,
    "refuse": REQUEST_REFUSED,
    "waive": REQUEST_WAIVED,
    "verify": REQUEST_VERIFIED,
    "reject": REQUEST_REJECTED,
    "reopen": REQUEST_REOPENED,
    "withdraw": REQUEST_WITHDRAWN,
}

CURRENT, SUPERSEDED = "current", "superseded"
SUPERSEDED_REFUSAL = "This version has been superseded: work on the newest one."

DOCUMENT_MACHINE = StateMachine(
    "document",
    [
        Move(name, sources={CURRENT}, target=None, field="document", refusal=SUPERSEDED_REFUSAL)
        for name in ("record_facts", "mark_checklist", "verify", "reject")
    ]
    + [Move("supersede", sources={CURRENT}, target=SUPERSEDED, field="file", refusal=SUPERSEDED_REFUSAL)],
    label=str,
)


def request_state(request) -> str:
    return request.status if request.pk else NEW


def document_state(document) -> str:
    return CURRENT if document.is_current else SUPERSEDED
