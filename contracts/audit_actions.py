"""The audit actions of the contracts app (codes: app.object_type.past_tense)."""

CONTRACT_CREATED = "contracts.contract.created"
CONTRACT_UPDATED = "contracts.contract.updated"
CONTRACT_FILE_UPLOADED = "contracts.contract_file.uploaded"
CONTRACT_FILE_DOWNLOADED = "contracts.contract_file.downloaded"
CLAUSE_STATUS_CHANGED = "contracts.clause.changed"
MODIFICATION_RECORDED = "contracts.modification.recorded"
