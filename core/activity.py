"""What "Recent activity" on an object's page gathers: its own events and those of the objects about it.

An AI system's classification, document requests, documents and red flags are objects of their own in the
audit log; the apps that own them say here which of them belong to a system (or vendor), so its page shows
the classification, the requests, the verification and the risk acceptance, not only edits of its fields.
Autosaves that follow one another are folded into one line ("FOLDED" actions), so they cannot crowd the rest out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Model, Q

from core.audit import object_type_of
from core.models import AuditEvent

# object type → functions giving, for one object, {related object type: ids of related objects}
_RELATED: dict[str, list[Callable[[Model], dict[str, Iterable]]]] = {}
_FOLDED: set[str] = set()


def register_related_activity(object_type: str, related: Callable[[Model], dict[str, Iterable]]) -> None:
    _RELATED.setdefault(object_type, []).append(related)


def fold_repeats_of(action: str) -> str:
    """Declare an action (an autosave) whose consecutive events by one actor show as one line."""
    _FOLDED.add(action)
    return action


@dataclass
class ActivityLine:
    event: AuditEvent  # the newest of the folded events
    repeats: int = 1


def _scope(obj: Model) -> Q:
    object_type = object_type_of(obj)
    scope = Q(object_type=object_type, object_id=str(obj.pk))
    for related in _RELATED.get(object_type, []):
        for related_type, ids in related(obj).items():
            ids = [str(pk) for pk in ids]
            if ids:
                scope |= Q(object_type=related_type, object_id__in=ids)
    return scope


def activity_lines(obj: Model, limit: int) -> list[ActivityLine]:
    """The newest `limit` lines about the object, autosave runs folded (a fixed number of queries)."""
    # Enough events that a long run of autosaves, once folded, still leaves `limit` lines.
    events = AuditEvent.objects.filter(_scope(obj), organisation_id=obj.organisation_id).order_by("-sequence")
    lines: list[ActivityLine] = []
    for event in events[: limit * 20]:
        previous = lines[-1].event if lines else None
        if (
            previous is not None
            and event.action in _FOLDED
            and (previous.action, previous.object_type, previous.object_id, previous.actor_label)
            == (event.action, event.object_type, event.object_id, event.actor_label)
        ):
            lines[-1].repeats += 1
            continue
        if len(lines) == limit:
            break
        lines.append(ActivityLine(event))
    return lines
