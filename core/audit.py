"""The tamper-evident audit log: appending events to an organisation's hash chain and verifying it.

Each event stores the previous event's hash and its own SHA-256 over a canonical JSON
serialisation of its content, so a changed, removed or reordered event breaks the chain.
Appends lock the organisation's chain head row, so concurrent writers queue instead of
forking the chain. The locked head is kept for the rest of the transaction (see
`_locked_head`), so a service that records several events locks and reads it once.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

from core.access import Actor
from core.audit_actions import is_registered
from core.models import AuditChainHead, AuditEvent, Organisation
from core.request_context import current_request_context

GENESIS_HASH = "0" * 64
MASK = "••••••"
SECRET_FIELD_MARKERS = ("password", "secret", "token", "api_key", "private_key")


def is_secret_field(name: str) -> bool:
    lowered = name.lower()
    return any(marker in lowered for marker in SECRET_FIELD_MARKERS)


def to_json_value(value):
    """A JSON-safe, stable representation of a model field value."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, float):
        return _as_stored_in_json(value)
    if isinstance(value, (list, tuple)):
        return [to_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or ""
    return value


def _as_stored_in_json(number: float) -> float | int:
    """The number as PostgreSQL's jsonb gives it back, so the stored event hashes as computed.

    jsonb keeps numbers as exact decimals: 3e25 is read back as the integer
    30000000000000000000000000, whose canonical JSON differs from "3e+25".
    """
    exact = decimal.Decimal(repr(number))
    return int(exact) if exact.is_finite() and exact == exact.to_integral_value() and abs(number) >= 1e16 else number


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict:
    """The current values of the named fields, ready to diff."""
    return {name: to_json_value(getattr(instance, name)) for name in fields}


def mask_secrets(changes: dict) -> dict:
    """The same changes with the value of every secret-named field (at any depth) masked."""
    masked = {}
    for field, value in changes.items():
        if is_secret_field(str(field)):
            masked[field] = [MASK, MASK] if isinstance(value, (list, tuple)) and len(value) == 2 else MASK
        elif isinstance(value, dict):
            masked[field] = mask_secrets(value)
        else:
            masked[field] = value
    return masked


def diff(before: dict, after: dict) -> dict:
    """{field: [before, after]} for every field whose value changed; secrets masked."""
    changes = {}
    for field in sorted(set(before) | set(after)):
        old, new = before.get(field), after.get(field)
        if old != new:
            changes[field] = [MASK, MASK] if is_secret_field(field) else [old, new]
    return changes


def created(after: dict) -> dict:
    return diff({}, {k: v for k, v in after.items() if v not in (None, "", [], {})})


def canonical_payload(event: AuditEvent) -> bytes:
    """The exact bytes the event's hash covers."""
    content = {
        "organisation": event.organisation_id,
        "sequence": event.sequence,
        "created_at": event.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_type": event.actor_type,
        "actor_user": event.actor_user_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_label": event.object_label,
        "changes": event.changes,
        "request_id": event.request_id,
        "ip_address": event.ip_address,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(canonical_payload(event)).hexdigest()


def object_type_of(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


class UnregisteredAction(LookupError):
    """A service tried to record an action no app declared (see core.audit_actions)."""


@dataclass(frozen=True)
class Entry:
    """One event to append with `record_many`."""

    action: str
    obj: models.Model | None = None
    changes: dict | None = None
    label: str | None = None


def record(
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    *,
    changes: dict | None = None,
    label: str | None = None,
    organisation: Organisation | None = None,
) -> AuditEvent:
    """Append one event to the actor's organisation chain, inside the caller's transaction.

    `action` is a code registered in `core.audit_actions` (an app's constant); any other is refused.
    """
    [event] = record_many(actor, [Entry(action, obj, changes, label)], organisation=organisation)
    return event


def record_many(
    actor: Actor, entries: Iterable[Entry], *, organisation: Organisation | None = None
) -> list[AuditEvent]:
    """Append several events of one actor in order, with one insert and one head update (bulk changes)."""
    entries = list(entries)
    for entry in entries:
        if not is_registered(entry.action):
            raise UnregisteredAction(
                f"Audit action {entry.action!r} is not registered: declare it in its app's audit_actions.py."
            )
    if not entries:
        return []
    organisation = organisation or actor.organisation
    context = current_request_context()
    # No savepoint of its own: the events and their head move with the caller's transaction, whole or not at all.
    with transaction.atomic(savepoint=False):
        head = _locked_head(organisation)
        events = []
        for entry in entries:
            event = _event(actor, organisation, entry, context)
            event.sequence, event.prev_hash = head.last_sequence + 1, head.last_hash or GENESIS_HASH
            event.hash = compute_hash(event)
            head.last_sequence, head.last_hash = event.sequence, event.hash
            events.append(event)
        if len(events) == 1:
            events[0].save(force_insert=True)
        else:
            AuditEvent.objects.bulk_create(events)
        head.save(update_fields=["last_sequence", "last_hash"])
        _remember_head(head)
    return events


def _event(actor: Actor, organisation: Organisation, entry: Entry, context) -> AuditEvent:
    obj, label = entry.obj, entry.label
    return AuditEvent(
        organisation=organisation,
        created_at=timezone.now(),
        actor_type=actor.kind,
        actor_user=actor.user,
        actor_label=actor.label,
        action=entry.action,
        object_type=object_type_of(obj) if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=(label if label is not None else str(obj) if obj is not None else "")[:300],
        # Masked here too, so a caller that builds `changes` by hand cannot leak a secret.
        changes=mask_secrets(to_json_value(entry.changes or {})),
        request_id=context.request_id,
        ip_address=context.ip_address,
    )


# The locked chain head, kept for the transaction's life ---------------------------------
#
# The first event of a transaction locks the head row (SELECT ... FOR UPDATE); later events of
# the same transaction reuse the locked row instead of reading it again. The copy is trusted
# only while nothing that could have undone it happened: each copy registers a no-op on_commit
# marker, and Django drops a savepoint's on_commit callbacks when it rolls that savepoint back
# and all of them on commit or rollback. A copy whose marker is gone is read again.


@dataclass
class _HeadCopy:
    head: AuditChainHead
    marker: Callable[[], None]
    savepoints: tuple[str, ...]  # active when the marker was registered
    hooks: list  # connection.run_on_commit as it was when the marker was last seen there


def _heads(connection) -> dict[int, _HeadCopy]:
    if not hasattr(connection, "audit_head_copies"):
        connection.audit_head_copies = {}
    return connection.audit_head_copies


def _still_valid(connection, copy: _HeadCopy) -> bool:
    if connection.run_on_commit is copy.hooks:  # the same list: no commit, rollback or savepoint rollback since
        return True
    if any(func is copy.marker for _, func, _ in connection.run_on_commit):
        copy.hooks = connection.run_on_commit
        return True
    return False


def _locked_head(organisation: Organisation) -> AuditChainHead:
    connection = transaction.get_connection()
    copy = _heads(connection).get(organisation.pk)
    if copy is not None and _still_valid(connection, copy):
        return copy.head
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(organisation=organisation)
    _remember_head(head, fresh=True)
    return head


def _remember_head(head: AuditChainHead, *, fresh: bool = False) -> None:
    """Keep the head; a new marker when it changed at another savepoint depth than its marker covers."""
    connection = transaction.get_connection()
    heads = _heads(connection)
    copy = heads.get(head.organisation_id)
    savepoints = tuple(connection.savepoint_ids)
    if fresh or copy is None or copy.savepoints != savepoints:

        def marker(organisation_id=head.organisation_id) -> None:
            heads.pop(organisation_id, None)

        transaction.on_commit(marker)
        heads[head.organisation_id] = _HeadCopy(head, marker, savepoints, connection.run_on_commit)


def forget_locked_heads() -> None:
    """Drop the kept heads (after writing head rows by other means, e.g. the benchmark's bulk chain)."""
    _heads(transaction.get_connection()).clear()


@dataclass(frozen=True)
class ChainProblem:
    organisation: str
    sequence: int | None
    event_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"event #{self.sequence} (id {self.event_id})" if self.sequence is not None else "chain head"
        return f"{self.organisation}: {where}: {self.reason}"


def verify_chain(organisation: Organisation, batch_size: int = 2000) -> ChainProblem | None:
    """Walk the chain in order; return the first broken link, or None when intact."""
    events = AuditEvent.objects.filter(organisation=organisation).order_by("sequence")
    problem, last_sequence, last_hash = _walk(organisation, events, batch_size)
    return problem or _check_head(organisation, last_sequence, last_hash)


@dataclass(frozen=True)
class PublishedHead:
    """The last link of a chain as published outside the database (digest mails, evidence packs)."""

    event_id: int
    sequence: int
    hash: str

    def __str__(self) -> str:
        """The form `verify_audit_log --expect-head` takes."""
        return f"{self.event_id}:{self.hash}"


def published_head(organisation: Organisation) -> PublishedHead | None:
    """The organisation's chain head as recorded, or None before its first event."""
    head = AuditChainHead.objects.filter(organisation=organisation).first()
    if head is None or not head.last_sequence:
        return None
    event_id = (
        AuditEvent.objects.filter(organisation=organisation, sequence=head.last_sequence)
        .values_list("pk", flat=True)
        .first()
    )
    return PublishedHead(event_id, head.last_sequence, head.last_hash) if event_id else None


def verify_head(
    organisation: Organisation, event_id: int, event_hash: str, batch_size: int = 2000
) -> ChainProblem | None:
    """Whether a head published earlier (event id and hash) is still in the chain, unaltered.

    A copy of the head kept outside the database (a digest mail, an evidence pack) catches
    what the chain alone cannot: someone able to rewrite every event and rehash the chain.
    """
    event = AuditEvent.objects.filter(organisation=organisation, pk=event_id).first()
    if event is None:
        return ChainProblem(organisation.slug, None, event_id, "the recorded head is no longer in the chain")
    if event.hash != event_hash.strip().lower():
        return ChainProblem(
            organisation.slug, event.sequence, event.pk, "its hash differs from the recorded head: it was rewritten"
        )
    events = AuditEvent.objects.filter(organisation=organisation, sequence__lte=event.sequence).order_by("sequence")
    problem, last_sequence, _ = _walk(organisation, events, batch_size)
    if problem is None and last_sequence != event.sequence:
        return ChainProblem(organisation.slug, event.sequence, event.pk, "events before the recorded head are missing")
    return problem


def _walk(organisation, events, batch_size: int) -> tuple[ChainProblem | None, int, str]:
    """(first broken link or None, last sequence, last hash) of the events in chain order."""
    expected_prev = GENESIS_HASH
    expected_sequence = 1
    for event in _iterate(events, batch_size):
        problem = _check_link(organisation, event, expected_sequence, expected_prev)
        if problem:
            return problem, event.sequence, event.hash
        expected_prev, expected_sequence = event.hash, event.sequence + 1
    return None, expected_sequence - 1, expected_prev


def _check_head(organisation, last_sequence: int, last_hash: str) -> ChainProblem | None:
    """The head remembers the last link, so removing or replacing events at the tail shows."""
    head = AuditChainHead.objects.filter(organisation=organisation).first()

    def problem(reason: str) -> ChainProblem:
        return ChainProblem(organisation.slug, None, None, reason)

    if head is None:
        return problem(f"the chain has {last_sequence} events but no head record") if last_sequence else None
    if head.last_sequence != last_sequence:
        return problem(
            f"the chain ends at #{last_sequence} but its head records #{head.last_sequence}: events were removed"
        )
    if last_sequence and head.last_hash != last_hash:
        return problem(f"event #{last_sequence} does not match the hash its head records: it was replaced")
    return None


def _check_link(organisation, event, expected_sequence, expected_prev) -> ChainProblem | None:
    def problem(reason: str) -> ChainProblem:
        return ChainProblem(organisation.slug, event.sequence, event.pk, reason)

    if event.sequence != expected_sequence:
        return problem(f"expected event #{expected_sequence} here: events are missing")
    if event.prev_hash != expected_prev:
        return problem("its previous-hash does not match the event before it")
    if compute_hash(event) != event.hash:
        return problem("its content does not match its hash: it was altered after it was written")
    return None


def _iterate(queryset, batch_size: int) -> Iterator[AuditEvent]:
    # Keyset pagination keeps memory flat on very long chains.
    last = 0
    while True:
        batch = list(queryset.filter(sequence__gt=last)[:batch_size])
        if not batch:
            return
        yield from batch
        last = batch[-1].sequence
