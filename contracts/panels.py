"""The "Contract" panel of the AI system page (see vendors.panels)."""

from __future__ import annotations

from contracts import selectors
from core.access import Capability
from core.web import actor_of
from vendors.panels import register_system_panel


@register_system_panel("contract", template="contracts/_system_contract_panel.html", order=30)
def contract_panel(request, system) -> dict:
    actor = actor_of(request)
    return {
        "contracts": list(selectors.contracts_of(system).order_by("-starts_on", "pk")),
        "gaps": selectors.contract_gaps(system),
        "modifications": list(system.modifications.all()[:5]),
        "can_manage_contracts": actor.can(Capability.MANAGE_CONTRACTS) and not system.is_archived,
        "can_log_modifications": actor.can(Capability.MANAGE_REGISTRY) and not system.is_archived,
    }
