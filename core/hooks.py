"""Explicit extension points: an app announces an event, apps to its right react to it.

Dependencies point one way (core ← vendors ← assessments ← deadlines ← compliance), so an
app cannot call the apps that must follow its changes. It owns a `Hook` and sends it
inside its service's transaction; later apps connect handlers in AppConfig.ready(). A
failing handler rolls the whole change back instead of leaving the tracker half-updated.
Unlike Django signals, nothing fires on a bare model save(): only services send.
"""

from __future__ import annotations

from collections.abc import Callable

Handler = Callable[..., None]


class Hook:
    def __init__(self) -> None:
        self._handlers: list[Handler] = []

    def connect(self, handler: Handler) -> Handler:
        """Register a handler; usable as a decorator. Connecting the same handler twice is a no-op."""
        if handler not in self._handlers:
            self._handlers.append(handler)
        return handler

    def send(self, *args) -> None:
        for handler in list(self._handlers):
            handler(*args)
