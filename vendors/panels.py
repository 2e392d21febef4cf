"""Panels that later apps add to the AI system page (classification, documents, red flags)."""

from __future__ import annotations

from core.panels import PanelRegistry

system_panels = PanelRegistry(subject_name="system")
register_system_panel = system_panels.register
render_system_panels = system_panels.render
