"""Explicit state machines: the moves an object may make, declared once and checked in one place.

An app declares its machine as data:

    REQUEST_MACHINE = StateMachine("document request", [
        Move("refuse", sources={REQUESTED}, target=REFUSED, field="note",
             refusal="Only a document we asked for and have not received can be refused."),
        ...
    ], label=lambda state: RequestStatus(state).label)

and its services call `machine.check(state, "refuse")` before writing. An illegal move raises
`IllegalTransition`, a `ValidationError` keyed by the move's field: forms show it beside that
field, and the API answers 409 Conflict (core.api_errors) — the request was well-formed, the
object is in the wrong state for it. Nothing changes silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, ValidationError


class IllegalTransition(ValidationError):
    """The object cannot make this move from its current state."""


@dataclass(frozen=True)
class Move:
    name: str
    sources: frozenset[str]  # the states the move may start from
    target: str | None  # the state it leads to; None when the move leaves the state as it is
    field: str  # the field an error is shown beside
    refusal: str  # why not, in words; may use {state} (the current state's label, lower case)

    def __init__(self, name, *, sources: Iterable[str], target, field: str, refusal: str):
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "sources", frozenset(sources))
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "field", field)
        object.__setattr__(self, "refusal", refusal)


class StateMachine:
    def __init__(self, subject: str, moves: Iterable[Move], *, label: Callable[[str], str] = str):
        self.subject = subject
        self.label = label
        self.moves: dict[str, Move] = {}
        for move in moves:
            if move.name in self.moves:
                raise ImproperlyConfigured(f"The {subject} move {move.name!r} is declared twice.")
            self.moves[move.name] = move

    def allows(self, state: str, name: str) -> bool:
        return state in self.moves[name].sources

    def check(self, state: str, name: str) -> Move:
        """The move, when it may start from `state`; else IllegalTransition with its refusal."""
        move = self.moves[name]
        if state not in move.sources:
            raise IllegalTransition({move.field: move.refusal.format(state=self.label(state).lower())})
        return move

    def allowed_moves(self, state: str) -> list[str]:
        """The moves open from `state`, e.g. which buttons a page offers."""
        return [name for name, move in self.moves.items() if state in move.sources]
