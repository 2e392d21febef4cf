"""The audit actions of the vendor register (see core.audit_actions)."""

from __future__ import annotations

from core.audit_actions import object_page, register_action

VENDOR_PAGE = object_page("vendors:vendor_detail")
SYSTEM_PAGE = object_page("vendors:system_detail")
GPAI_MODEL_PAGE = object_page("vendors:gpai_model_detail")

VENDOR_CREATED = register_action("vendors.vendor.created", "Added the vendor {object}", link=VENDOR_PAGE)
VENDOR_UPDATED = register_action("vendors.vendor.updated", "Edited the vendor {object}", link=VENDOR_PAGE)
VENDOR_ARCHIVED = register_action("vendors.vendor.archived", "Archived the vendor {object}", link=VENDOR_PAGE)
CONTACT_CREATED = register_action("vendors.contact.created", "Added the vendor contact {object}")
CONTACT_UPDATED = register_action("vendors.contact.updated", "Edited the vendor contact {object}")
CONTACT_DELETED = register_action("vendors.contact.deleted", "Deleted the vendor contact {object}")
GPAI_MODEL_CREATED = register_action(
    "vendors.gpai_model.created", "Added the GPAI model {object}", link=GPAI_MODEL_PAGE
)
GPAI_MODEL_UPDATED = register_action(
    "vendors.gpai_model.updated", "Edited the GPAI model {object}", link=GPAI_MODEL_PAGE
)
AI_SYSTEM_CREATED = register_action("vendors.ai_system.created", "Added the AI system {object}", link=SYSTEM_PAGE)
AI_SYSTEM_UPDATED = register_action("vendors.ai_system.updated", "Edited the AI system {object}", link=SYSTEM_PAGE)
AI_SYSTEM_ARCHIVED = register_action("vendors.ai_system.archived", "Archived the AI system {object}", link=SYSTEM_PAGE)
