"""What only PostgreSQL guarantees: the database refuses changes to events, and appends queue up."""

import threading

import psycopg
import pytest
from django.db import DatabaseError, connection, transaction

from core.access import Actor
from core.audit import record, verify_chain
from core.models import AuditEvent
from tests.core.conftest import requires_postgres

pytestmark = [pytest.mark.postgres, requires_postgres]


@pytest.mark.parametrize(
    "sql",
    ["UPDATE core_auditevent SET action = 'tests.hidden' WHERE id = %s", "DELETE FROM core_auditevent WHERE id = %s"],
)
def test_it_refuses_changing_an_event_in_the_database(logged, sql):
    [event] = logged(1)
    with pytest.raises(DatabaseError) as refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [event.pk])
    assert isinstance(refused.value.__cause__, psycopg.errors.InsufficientPrivilege)
    assert "append-only" in str(refused.value)
    assert AuditEvent.objects.get(pk=event.pk).action == "tests.thing.updated"


def in_threads(work, count: int) -> None:
    """work(n) in `count` threads at once, each closing its own connection; returns when all are done."""

    def run(worker: int) -> None:
        try:
            work(worker)
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


@pytest.mark.django_db(transaction=True)
def test_it_keeps_one_chain_under_concurrent_appends(organisation):
    threads, per_thread = 8, 25
    failures = []

    def append(worker: int) -> None:
        try:
            actor = Actor.system(organisation, f"worker-{worker}")
            for step in range(per_thread):
                record(actor, "tests.concurrent.appended", changes={"worker": worker, "step": step})
        except Exception as error:  # collected so the test, not the thread, reports it
            failures.append(error)

    in_threads(append, threads)

    assert failures == []
    sequences = list(
        AuditEvent.objects.filter(organisation=organisation).order_by("sequence").values_list("sequence", flat=True)
    )
    assert sequences == list(range(1, threads * per_thread + 1))
    assert verify_chain(organisation) is None


@pytest.mark.django_db(transaction=True)
def test_it_keeps_one_chain_when_concurrent_transactions_append_several_events_each(organisation):
    """Each transaction locks the head once and keeps it: the others wait, then read the head it left."""
    threads, transactions, per_transaction = 4, 5, 4
    failures = []

    def append(worker: int) -> None:
        try:
            actor = Actor.system(organisation, f"worker-{worker}")
            for batch in range(transactions):
                with transaction.atomic():
                    for step in range(per_transaction):
                        record(actor, "tests.concurrent.appended", changes={"worker": worker, "step": [batch, step]})
        except Exception as error:  # collected so the test, not the thread, reports it
            failures.append(error)

    in_threads(append, threads)

    assert failures == []
    total = threads * transactions * per_transaction
    assert AuditEvent.objects.filter(organisation=organisation).count() == total
    assert verify_chain(organisation) is None
