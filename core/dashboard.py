"""Panels that later apps add to the dashboard (risk tiers, documents, red flags, deadlines)."""

from __future__ import annotations

from core.panels import PanelRegistry
from core.web import organisation_of

dashboard_panels = PanelRegistry(subject_name="organisation")
register_dashboard_panel = dashboard_panels.register


def render_dashboard_panels(request):
    return dashboard_panels.render(request, organisation_of(request))
