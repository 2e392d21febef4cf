"""The explicit extension point for apps that react to a new classification.

Apps to the right of `assessments` (deadlines, compliance) must follow a
reclassification — regulatory deadlines move, the required document set and red
flags change — but `assessments` may not import them. They register a handler in
their AppConfig.ready(); `classification_save` calls every handler inside its
transaction, so a failing handler rolls the snapshot back instead of leaving the
tracker half-updated.
"""

from __future__ import annotations

from collections.abc import Callable

ClassificationHandler = Callable[..., None]

_handlers: list[ClassificationHandler] = []


def on_classification_saved(handler: ClassificationHandler) -> ClassificationHandler:
    """Register handler(classification, actor); usable as a decorator. Registering twice is a no-op."""
    if handler not in _handlers:
        _handlers.append(handler)
    return handler


def notify_classification_saved(classification, actor) -> None:
    for handler in list(_handlers):
        handler(classification, actor)
