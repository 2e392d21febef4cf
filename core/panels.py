"""Page panels that apps further right add to pages of apps further left.

Dependencies point one way (core ← vendors ← assessments ← deadlines ← compliance), yet
the dashboard shows deadlines and compliance figures and the AI system page shows its
classification and documents. The page's app owns a `PanelRegistry`; later apps
register panels on it in their AppConfig.ready(), and the page renders them in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

# context(request, subject) -> the panel template's context, or None to show nothing.
PanelContext = Callable[..., dict | None]


@dataclass(frozen=True)
class Panel:
    order: int
    template: str
    context: PanelContext


class PanelRegistry:
    def __init__(self, subject_name: str):
        # The name under which the page's subject (organisation, system) reaches each template.
        self.subject_name = subject_name
        self._panels: dict[str, Panel] = {}

    def register(self, name: str, *, template: str, order: int):
        """Decorator: register `context(request, subject)` as the panel `name` (re-registering replaces it)."""

        def decorator(context: PanelContext) -> PanelContext:
            self._panels[name] = Panel(order=order, template=template, context=context)
            return context

        return decorator

    def render(self, request, subject) -> list[SafeString]:
        rendered = []
        for panel in sorted(self._panels.values(), key=lambda p: p.order):
            context = panel.context(request, subject)
            if context is not None:
                context = {self.subject_name: subject, **context}
                rendered.append(render_to_string(panel.template, context, request=request))
        return rendered
