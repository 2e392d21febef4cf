"""The audit actions of evidence packs."""

from core.audit_actions import object_page, page, register_action

PACK_LINK = object_page("evidence:pack_detail")

PACK_REQUESTED = register_action("evidence.evidence_pack.requested", "Asked for the {object}", link=PACK_LINK)
PACK_BUILT = register_action("evidence.evidence_pack.built", "Built the {object}", link=PACK_LINK)
PACK_FAILED = register_action("evidence.evidence_pack.failed", "Failed to build the {object}", link=PACK_LINK)
PACK_RETRIED = register_action("evidence.evidence_pack.retried", "Retried the build of the {object}", link=PACK_LINK)
PACK_DOWNLOADED = register_action("evidence.evidence_pack.downloaded", "Downloaded the {object}", link=PACK_LINK)
PACK_EXPIRED = register_action(
    "evidence.evidence_pack.expired", "Deleted the file of the {object} after its retention period", link=PACK_LINK
)
POLICY_UPDATED = register_action(
    "evidence.evidence_policy.updated", "Changed how long evidence pack files are kept", link=page("evidence:pack_list")
)
