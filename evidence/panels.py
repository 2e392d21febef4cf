"""The "Build evidence pack" panels of the AI system and vendor pages."""

from __future__ import annotations

from core.access import Capability
from core.web import actor_of
from vendors.panels import register_system_panel, register_vendor_panel

RECENT_PACKS = 3


def _panel(request, subject, scope_field: str) -> dict | None:
    if not actor_of(request).can(Capability.VIEW_AUDIT):
        return None
    return {"packs": subject.evidence_packs.order_by("-requested_at")[:RECENT_PACKS], "scope_field": scope_field}


@register_system_panel("evidence", template="evidence/_subject_panel.html", order=90)
def system_evidence_panel(request, system) -> dict | None:
    return _panel(request, system, "ai_system")


@register_vendor_panel("evidence", template="evidence/_subject_panel.html", order=90)
def vendor_evidence_panel(request, vendor) -> dict | None:
    return _panel(request, vendor, "vendor")
