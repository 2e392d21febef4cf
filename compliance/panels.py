"""The documents and red flags panel of the AI system page (see vendors.panels)."""

from __future__ import annotations

from compliance import selectors
from compliance.forms import AskForm
from compliance.models import ReverificationReason
from core.access import Capability
from core.dates import today_in
from core.web import actor_of
from vendors.panels import register_system_panel


@register_system_panel("documents", template="compliance/_system_documents_panel.html", order=20)
def documents_panel(request, system) -> dict:
    rows = selectors.document_rows(system)
    today = today_in(system.organisation.time_zone)
    return {
        "document_rows": rows,
        "missing_count": len(selectors.missing_codes(rows)),
        "ask_form": AskForm(auto_id="ask-missing-%s"),
        "open_flags": list(
            selectors.live_flags(system.organisation, ai_system=system).order_by("state", "severity", "code")
        ),
        "reviews_due": selectors.reviews_due(system, today),
        "reverification_events": list(system.reverification_events.select_related("document", "by__user")[:5]),
        "reverification_reasons": ReverificationReason.choices,
        "can_manage": actor_of(request).can(Capability.MANAGE_REGISTRY) and not system.is_archived,
    }
