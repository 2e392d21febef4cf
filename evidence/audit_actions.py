"""The audit actions of evidence packs (codes app.object_type.past_tense)."""

PACK_REQUESTED = "evidence.evidence_pack.requested"
PACK_BUILT = "evidence.evidence_pack.built"
PACK_FAILED = "evidence.evidence_pack.failed"
PACK_RETRIED = "evidence.evidence_pack.retried"
PACK_DOWNLOADED = "evidence.evidence_pack.downloaded"
PACK_EXPIRED = "evidence.evidence_pack.expired"
POLICY_UPDATED = "evidence.evidence_policy.updated"
