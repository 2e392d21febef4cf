"""Sections that apps to the right of `vendors` add to the AI system page.

`vendors` may not import assessments or compliance, yet the system page must show the
system's classification, documents and red flags. Those apps register a panel in
their AppConfig.ready(); the page renders every registered panel in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

# panel(request, system) -> context for its template, or None to show nothing.
PanelContext = Callable[..., dict | None]


@dataclass(frozen=True)
class SystemPanel:
    order: int
    template: str
    context: PanelContext


_panels: dict[str, SystemPanel] = {}


def register_system_panel(name: str, *, template: str, order: int):
    """Decorator: register `context(request, system)` as the panel `name` (re-registering replaces it)."""

    def decorator(context: PanelContext) -> PanelContext:
        _panels[name] = SystemPanel(order=order, template=template, context=context)
        return context

    return decorator


def render_system_panels(request, system) -> list[SafeString]:
    rendered = []
    for panel in sorted(_panels.values(), key=lambda p: p.order):
        context = panel.context(request, system)
        if context is not None:
            rendered.append(render_to_string(panel.template, {"system": system, **context}, request=request))
    return rendered
