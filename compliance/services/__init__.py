"""Every write to document requests, documents, checklists, red flags, risk acceptances and notified bodies.

Each function checks permission, validates, writes and appends an audit event in one
transaction, then re-evaluates the red flags of the subject it touched (automatic
flag changes are audited under the system actor "red_flags").

One module per subdomain: `requests` (asking, refusals, waivers, status moves),
`documents` (uploads, facts, verification, re-verification), `checklists`, `red_flags`
(evaluation, risk acceptance, following registry changes) and `notified_bodies`. This
package re-exports their public functions: `compliance.services.<function>` is the
import path for views, API, commands, tasks and other apps.
"""

from compliance.services.checklists import checklist_mark, verification_blockers
from compliance.services.documents import (
    FACT_FIELDS,
    REVIEW_AFTER_YEARS,
    document_download_record,
    document_facts_record,
    document_reject,
    document_upload,
    document_verify,
    reverification_open,
)
from compliance.services.notified_bodies import notified_bodies_upsert
from compliance.services.red_flags import (
    RED_FLAGS_TASK,
    on_registry_changed,
    red_flags_reevaluate_organisation,
    red_flags_reevaluate_registry_object,
    red_flags_reevaluate_system,
    red_flags_reevaluate_vendor,
    risk_accept,
)
from compliance.services.requests import (
    REQUEST_DUE_BUSINESS_DAYS,
    document_request_create,
    document_request_refuse,
    document_request_waive,
    document_requests_create_missing,
    on_classification_saved,
    request_due_date,
)

__all__ = [
    "FACT_FIELDS",
    "RED_FLAGS_TASK",
    "REQUEST_DUE_BUSINESS_DAYS",
    "REVIEW_AFTER_YEARS",
    "checklist_mark",
    "document_download_record",
    "document_facts_record",
    "document_reject",
    "document_request_create",
    "document_request_refuse",
    "document_request_waive",
    "document_requests_create_missing",
    "document_upload",
    "document_verify",
    "notified_bodies_upsert",
    "on_classification_saved",
    "on_registry_changed",
    "red_flags_reevaluate_organisation",
    "red_flags_reevaluate_registry_object",
    "red_flags_reevaluate_system",
    "red_flags_reevaluate_vendor",
    "request_due_date",
    "reverification_open",
    "risk_accept",
    "verification_blockers",
]
