"""The "Contract" panel of the AI system page and the "Contracts" panel of the vendor page (see vendors.panels)."""

from __future__ import annotations

from contracts import selectors
from core.access import Capability
from core.dates import today_in
from core.web import actor_of
from vendors.panels import register_system_panel, register_vendor_panel


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


@register_vendor_panel("contracts", template="contracts/_vendor_contracts_panel.html", order=30)
def vendor_contracts_panel(request, vendor) -> dict:
    contracts = selectors.contract_list(vendor.organisation).filter(vendor=vendor).order_by("-starts_on", "pk")
    return {
        "contracts": list(contracts),
        "today": today_in(vendor.organisation.time_zone),
        "can_manage_contracts": actor_of(request).can(Capability.MANAGE_CONTRACTS) and not vendor.is_archived,
    }
