"""Reminders to people without an account, such as a vendor's contact reached through a portal link.

An app above deadlines registers, for some kinds of deadline, who outside the organisation
is reminded (`resolve`) and in which words (`message`). The daily run claims those reminders
like any other (one unique row per deadline, due date, threshold and address) and sends them
only before and on the due date: people outside are reminded, never escalated to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.mail import EmailMessage

from deadlines.models import Deadline, ThresholdKind

# Thresholds an outside recipient is reminded on.
EXTERNAL_THRESHOLDS = (ThresholdKind.BEFORE, ThresholdKind.DUE)

# resolve(deadlines of its kinds) -> {deadline id: [addresses]}, in a bounded number of queries.
Resolve = Callable[[list[Deadline]], dict[int, list[str]]]
# message(address, deadlines due for it, the organisation's today) -> an unsent e-mail.
Message = Callable[[str, list[Deadline], dt.date], EmailMessage]


@dataclass(frozen=True)
class ExternalRecipients:
    name: str
    kinds: tuple[str, ...]
    resolve: Resolve
    message: Message


_REGISTRY: dict[str, ExternalRecipients] = {}


def register_external_recipients(name: str, *, kinds: tuple[str, ...], resolve: Resolve, message: Message) -> None:
    """Remind outside recipients of deadlines of `kinds` (registering the same name again replaces it)."""
    _REGISTRY[name] = ExternalRecipients(name, tuple(kinds), resolve, message)


def registered() -> list[ExternalRecipients]:
    return list(_REGISTRY.values())


def for_kind(kind: str) -> ExternalRecipients | None:
    return next((entry for entry in _REGISTRY.values() if kind in entry.kinds), None)
