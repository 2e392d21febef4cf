"""Demo data of evidence packs: one pack of the demo organisation's first classified AI system."""

from __future__ import annotations

from core.demo import DemoContext, register_demo_step
from evidence.models import EvidencePack
from evidence.services import evidence_pack_request
from vendors.models import AiSystem


@register_demo_step(order=100)
def seed_evidence(context: DemoContext) -> dict[str, int]:
    """Evidence packs"""
    if EvidencePack.objects.filter(organisation=context.organisation).exists():
        return {"evidence packs": 0}
    system = (
        AiSystem.objects.filter(organisation=context.organisation, classifications__isnull=False).order_by("pk").first()
    )
    if system is None:
        return {"evidence packs": 0}
    # Queued like a click on "Build evidence pack": a worker (in process when there is no broker) builds it.
    evidence_pack_request(actor=context.actor, ai_system=system)
    return {"evidence packs": 1}
