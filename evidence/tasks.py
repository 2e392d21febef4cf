"""Celery entry points of evidence packs: build one (claimed, so a redelivery is harmless) and the retention run."""

from __future__ import annotations

from celery import shared_task

from evidence import services


@shared_task(name="evidence.tasks.build_evidence_pack")
def build_evidence_pack(pack_id: int) -> str:
    pack = services.evidence_pack_build(pack_id)
    return pack.state if pack else "not claimed"


@shared_task(name="evidence.tasks.expire_evidence_packs")
def expire_evidence_packs() -> int:
    """Daily (settings.CELERY_BEAT_SCHEDULE): delete pack files past their organisation's retention."""
    return services.evidence_packs_expire()
