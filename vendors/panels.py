"""Panels that later apps add to the AI system page (classification, documents, red flags) and the vendor page."""

from __future__ import annotations

from core.panels import PanelRegistry

system_panels = PanelRegistry(subject_name="system")
register_system_panel = system_panels.register
render_system_panels = system_panels.render

# Vendor page panels (contracts, incidents, portal...) show between its GPAI models and its recent activity.
vendor_panels = PanelRegistry(subject_name="vendor")
register_vendor_panel = vendor_panels.register
render_vendor_panels = vendor_panels.render
