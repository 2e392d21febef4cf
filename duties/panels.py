"""The Duties panel of the AI system page and the AI literacy panel of the dashboard."""

from __future__ import annotations

from core.access import Capability
from core.dashboard import register_dashboard_panel
from core.web import actor_of
from duties import selectors
from duties.forms import SystemUserForm
from vendors.models import Lifecycle
from vendors.panels import register_system_panel


@register_system_panel("duties", template="duties/_system_duties_panel.html", order=25)
def duties_panel(request, system) -> dict:
    duties = list(selectors.duties_of(system))
    can_write = actor_of(request).can(Capability.MANAGE_REGISTRY) and not system.is_archived
    return {
        "duties": duties,
        "blockers": selectors.pre_use_blockers(system) if system.lifecycle != Lifecycle.IN_USE else [],
        "needs_fria": any(duty.code == "fria" for duty in duties),
        "frias": list(selectors.frias_of(system)[:3]),
        "system_users": system.system_users.select_related("member__user"),
        "user_form": SystemUserForm(organisation=system.organisation, auto_id="system-user-%s") if can_write else None,
        "can_write": can_write,
    }


@register_dashboard_panel("literacy", template="duties/_dashboard_literacy_panel.html", order=45)
def literacy_panel(request, organisation) -> dict:
    return {
        "coverage": selectors.literacy_coverage(organisation),
        "duty_counts": selectors.status_counts(organisation),
    }
