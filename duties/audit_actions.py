"""The audit actions of deployer duties, oversight, FRIAs and AI literacy (see core.audit_actions)."""

from __future__ import annotations

from core.audit_actions import object_page, page, register_action

DUTY_PAGE = object_page("duties:duty_detail")
FRIA_PAGE = object_page("duties:fria_detail")
LITERACY_PAGE = page("duties:literacy")

DUTY_CREATED = register_action("duties.duty.created", "Took on the duty {object}", link=DUTY_PAGE)
DUTY_RETIRED = register_action(
    "duties.duty.retired", "Retired the duty {object} after a reclassification", link=DUTY_PAGE
)
DUTY_REINSTATED = register_action("duties.duty.reinstated", "Took on again the duty {object}", link=DUTY_PAGE)
DUTY_UPDATED = register_action("duties.duty.updated", "Changed the duty {object}", link=DUTY_PAGE)
DUTY_RECORDED = register_action("duties.duty.recorded", "Recorded the evidence of {object}", link=DUTY_PAGE)
OVERSIGHT_ASSIGNED = register_action("duties.oversight_assignment.created", "Assigned human oversight: {object}")
OVERSIGHT_REMOVED = register_action("duties.oversight_assignment.deleted", "Removed human oversight: {object}")
FRIA_CREATED = register_action("duties.fria.created", "Started {object}", link=FRIA_PAGE)
FRIA_UPDATED = register_action("duties.fria.updated", "Edited {object}", link=FRIA_PAGE)
FRIA_SUBMITTED = register_action("duties.fria.submitted", "Sent {object} for review", link=FRIA_PAGE)
FRIA_APPROVED = register_action("duties.fria.approved", "Approved {object}", link=FRIA_PAGE)
FRIA_NOTIFIED = register_action(
    "duties.fria.notified", "Recorded the notification to the authority of {object}", link=FRIA_PAGE
)
FRIA_REOPENED = register_action("duties.fria.reopened", "Re-opened the FRIA as {object}", link=FRIA_PAGE)
TRAINING_CREATED = register_action(
    "duties.training.created", "Recorded the AI literacy training {object}", link=LITERACY_PAGE
)
TRAINING_DELETED = register_action(
    "duties.training.deleted", "Removed the AI literacy training {object}", link=LITERACY_PAGE
)
SYSTEM_USER_ADDED = register_action("duties.system_user.created", "Recorded a user: {object}", link=LITERACY_PAGE)
SYSTEM_USER_REMOVED = register_action("duties.system_user.deleted", "Removed a user: {object}", link=LITERACY_PAGE)
EVIDENCE_DOWNLOADED = register_action("duties.evidence.downloaded", "Downloaded the evidence of {object}")
