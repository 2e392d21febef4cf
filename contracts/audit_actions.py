"""The audit actions of contracts, their clauses and the modification log (see core.audit_actions)."""

from __future__ import annotations

from core.audit_actions import object_page, register_action

CONTRACT_PAGE = object_page("contracts:contract_detail")

CONTRACT_CREATED = register_action("contracts.contract.created", "Recorded the contract {object}", link=CONTRACT_PAGE)
CONTRACT_UPDATED = register_action("contracts.contract.updated", "Changed the contract {object}", link=CONTRACT_PAGE)
CONTRACT_FILE_UPLOADED = register_action(
    "contracts.contract.file_uploaded", "Uploaded the signed copy of {object}", link=CONTRACT_PAGE
)
CONTRACT_FILE_DOWNLOADED = register_action(
    "contracts.contract.file_downloaded", "Downloaded the signed copy of {object}", link=CONTRACT_PAGE
)
# The clause's object label names its contract ("Incident cooperation in TalentLens SaaS agreement").
CLAUSE_STATUS_CHANGED = register_action("contracts.clause.status_changed", "Changed the status of {object}")
MODIFICATION_RECORDED = register_action("contracts.modification.recorded", "Logged the modification {object}")
