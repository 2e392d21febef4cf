"""One lock of the chain head per transaction, and never a stale head after a rollback or a commit."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core.audit import Entry, UnregisteredAction, record, record_many, verify_chain
from core.models import AuditChainHead, AuditEvent
from tests.core.conftest import tamper

HEAD_TABLE = AuditChainHead._meta.db_table


class Boom(Exception):
    pass


def head_reads(queries) -> int:
    return sum(1 for q in queries if q["sql"].lstrip().upper().startswith("SELECT") and HEAD_TABLE in q["sql"])


@pytest.mark.django_db(transaction=True)
def test_a_transaction_reads_and_locks_the_head_once_however_many_events(owner_actor, organisation):
    record(owner_actor, "tests.thing.created")  # committed; the head exists, as after the first event ever
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        for step in range(5):
            record(owner_actor, "tests.thing.updated", changes={"step": [step, step + 1]})
    assert head_reads(queries) == 1
    # Per event: the insert and the head update, nothing else (no savepoint, no re-read).
    assert len(queries) <= 1 + 5 * 2 + 2  # + BEGIN / COMMIT where the database reports them
    assert verify_chain(organisation) is None


def test_an_event_rolled_back_with_its_savepoint_leaves_no_gap(owner_actor, organisation):
    with transaction.atomic():
        record(owner_actor, "tests.thing.created")
        with pytest.raises(Boom), transaction.atomic():
            record(owner_actor, "tests.thing.updated")
            raise Boom
        kept = record(owner_actor, "tests.thing.done")
    assert kept.sequence == 2
    assert list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True)) == [
        "tests.thing.created",
        "tests.thing.done",
    ]
    assert verify_chain(organisation) is None


def test_a_head_first_read_inside_a_rolled_back_savepoint_is_read_again(owner_actor, organisation):
    with transaction.atomic():
        with pytest.raises(Boom), transaction.atomic():
            record(owner_actor, "tests.thing.created")
            record(owner_actor, "tests.thing.updated")
            raise Boom
        first = record(owner_actor, "tests.thing.done")
    assert (first.sequence, AuditEvent.objects.count()) == (1, 1)
    assert verify_chain(organisation) is None


def test_a_released_savepoint_keeps_its_events_and_the_head_follows(owner_actor, organisation):
    with transaction.atomic():
        record(owner_actor, "tests.thing.created")
        with transaction.atomic():
            record(owner_actor, "tests.thing.updated")
        with pytest.raises(Boom), transaction.atomic():
            record(owner_actor, "tests.thing.updated")
            raise Boom
        last = record(owner_actor, "tests.thing.done")
    assert last.sequence == 3
    assert verify_chain(organisation) is None


@pytest.mark.django_db(transaction=True)
def test_a_new_transaction_reads_the_head_another_writer_moved(owner_actor, organisation):
    record(owner_actor, "tests.thing.created")  # committed: its transaction is over
    # Another process appends meanwhile (simulated on the head row: it is what the next append reads;
    # on PostgreSQL written past the trigger that lets a head move only to an event that exists).
    tamper(
        "UPDATE core_auditchainhead SET last_sequence = 41, last_hash = %s WHERE organisation_id = %s",
        ("f" * 64, organisation.pk),
    )

    event = record(owner_actor, "tests.thing.updated")

    assert (event.sequence, event.prev_hash) == (42, "f" * 64)


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_no_head_behind(owner_actor, organisation):
    with pytest.raises(Boom), transaction.atomic():
        record(owner_actor, "tests.thing.created")
        record(owner_actor, "tests.thing.updated")
        raise Boom
    event = record(owner_actor, "tests.thing.done")
    assert event.sequence == 1
    assert verify_chain(organisation) is None


def test_record_many_appends_in_order_with_one_insert_and_one_head_update(owner_actor, organisation, owner):
    record(owner_actor, "tests.thing.created")
    entries = [Entry("tests.thing.updated", owner, {"step": [n, n + 1]}) for n in range(3)]
    with CaptureQueriesContext(connection) as queries:
        events = record_many(owner_actor, entries)
    assert [e.sequence for e in events] == [2, 3, 4] and all(e.pk for e in events)
    assert len(queries) == 2  # the events, then the head
    assert verify_chain(organisation) is None
    with pytest.raises(UnregisteredAction):
        record_many(owner_actor, [Entry("tests.thing.updated"), Entry("tests.thing.vanished")])
    assert AuditEvent.objects.count() == 4
