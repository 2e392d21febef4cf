"""The audit actions of classifications (see core.audit_actions)."""

from __future__ import annotations

from core.audit_actions import object_page, register_action

# A draft's events are recorded on its AI system, whose page shows the draft.
SYSTEM_PAGE = object_page("vendors:system_detail")

DRAFT_CREATED = register_action("assessments.draft.created", "Started the questionnaire: {object}", link=SYSTEM_PAGE)
DRAFT_UPDATED = register_action("assessments.draft.updated", "Saved questionnaire answers: {object}", link=SYSTEM_PAGE)
DRAFT_DISCARDED = register_action(
    "assessments.draft.discarded", "Discarded the questionnaire answers: {object}", link=SYSTEM_PAGE
)
CLASSIFICATION_CREATED = register_action(
    "assessments.classification.created",
    "Saved a classification: {object}",
    link=object_page("assessments:classification_detail"),
)
CLASSIFICATION_RECLASSIFIED = register_action(
    "assessments.classification.reclassified",
    "Confirmed the re-classification under the newest rule pack: {object}",
    link=object_page("assessments:classification_detail"),
)
