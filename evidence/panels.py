"""The "Build evidence pack" link on the AI system page."""

from __future__ import annotations

from core.access import Capability
from core.web import actor_of
from vendors.panels import register_system_panel


@register_system_panel("evidence", template="evidence/_system_panel.html", order=90)
def evidence_panel(request, system) -> dict | None:
    if not actor_of(request).can(Capability.VIEW_AUDIT):
        return None
    return {"packs": system.evidence_packs.order_by("-requested_at")[:3]}
