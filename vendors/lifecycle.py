"""Guards on an AI system's lifecycle: apps further right say what blocks a move (e.g. to "in use").

Dependencies point one way, so the registry cannot ask the apps that know about pre-use
duties; they register a guard in AppConfig.ready(). A guard gets the system (its lifecycle
still the current one) and the target lifecycle, and returns the problems that block the
move, in words; the AI system services refuse the move while any guard returns one.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError

Guard = Callable[..., list[str]]  # guard(system, target: str) -> problems
_guards: list[Guard] = []


def register_lifecycle_guard(guard: Guard) -> Guard:
    """Register a guard; usable as a decorator. Registering the same guard twice is a no-op."""
    if guard not in _guards:
        _guards.append(guard)
    return guard


def lifecycle_problems(system, target: str) -> list[str]:
    return [problem for guard in _guards for problem in guard(system, target)]


def check_lifecycle_move(system, target: str) -> None:
    """Raise a `lifecycle` field error listing what blocks moving the system to `target`."""
    problems = lifecycle_problems(system, target)
    if problems:
        raise ValidationError({"lifecycle": problems})
