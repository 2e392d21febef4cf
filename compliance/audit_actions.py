"""The audit actions of document requests, documents, re-verifications and red flags (see core.audit_actions).

Request events carry "<document type> – <subject>" as their object label, so the
sentences read "Verified EU declaration of conformity – HireSift CV Screener".
"""

from __future__ import annotations

from core.audit_actions import object_page, page, register_action

REQUEST_PAGE = object_page("compliance:request_detail")
RED_FLAGS_PAGE = page("compliance:red_flag_list")


def _request(past_tense: str, sentence: str) -> str:
    return register_action(f"compliance.document_request.{past_tense}", sentence, link=REQUEST_PAGE)


REQUEST_REQUESTED = _request("requested", "Asked the vendor for {object}")
REQUEST_RECEIVED = _request("received", "Received {object}")
REQUEST_REFUSED = _request("refused", "Recorded that the vendor refused {object}")
REQUEST_WAIVED = _request("waived", "Waived {object}")
REQUEST_VERIFIED = _request("verified", "Verified {object}")
REQUEST_REJECTED = _request("rejected", "Rejected {object}")
REQUEST_REOPENED = _request("reopened", "Reopened the verification of {object}")
REQUEST_WITHDRAWN = _request("withdrawn", "Withdrew the request for {object}")

DOCUMENT_UPLOADED = register_action("compliance.document.uploaded", "Uploaded a file of {object}")
DOCUMENT_DOWNLOADED = register_action("compliance.document.downloaded", "Downloaded the file of {object}")
DOCUMENT_FACTS_RECORDED = register_action("compliance.document.facts_recorded", "Recorded the facts of {object}")
DOCUMENT_CHECKLIST_MARKED = register_action(
    "compliance.document.checklist_marked", "Marked the verification checklist of {object}"
)
REVERIFICATION_OPENED = register_action("compliance.reverification.opened", "Opened a re-verification: {object}")
RED_FLAG_OPENED = register_action("compliance.red_flag.opened", "Raised the red flag {object}", link=RED_FLAGS_PAGE)
RED_FLAG_RESOLVED = register_action(
    "compliance.red_flag.resolved", "Resolved the red flag {object}", link=RED_FLAGS_PAGE
)
RED_FLAG_RISK_ACCEPTED = register_action(
    "compliance.red_flag.risk_accepted", "Accepted the risk of the red flag {object}", link=RED_FLAGS_PAGE
)
