"""Two reminder runs at once on PostgreSQL (two workers, or a worker and a person running the command):
each reminder goes out once."""

import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection

from deadlines.models import ClaimStatus, ReminderClaim
from deadlines.reminders import send_reminders
from tests.deadlines.conftest import NOW

requires_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
pytestmark = [pytest.mark.postgres, requires_postgres, pytest.mark.django_db(transaction=True)]


def run_concurrently(runs: int, send=send_reminders, **kwargs) -> list:
    """`runs` reminder runs (the daily one unless `send` says otherwise) started at the same instant."""
    start = threading.Barrier(runs)
    results, failures = [], []

    def run() -> None:
        try:
            start.wait()
            results.append(send(now=NOW, **kwargs))
        except Exception as error:  # collected so the test, not the thread, reports it
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    return results


def test_two_concurrent_runs_send_each_reminder_once(deadline_due, owner, carol):
    titles = [f"Deadline {n}" for n in range(150)]  # fewer than a digest lists
    for n, title in enumerate(titles):
        deadline_due([30, 7, 1, 0, -7][n % 5], title=title, owner=None if n % 3 == 0 else owner)  # carol's or alice's
    expected = len(titles)

    results = run_concurrently(2, batch_size=10)  # small pages: the runs interleave claim by claim

    assert sum(r.sent for r in results) == expected
    assert sum(r.skipped for r in results) == expected  # what one run sent, the other found claimed
    assert ReminderClaim.objects.filter(status=ClaimStatus.SENT).count() == expected
    mentions = Counter(
        (message.to[0], title) for message in mail.outbox for title in titles if f"- {title}\n" in message.body
    )
    assert len(mentions) == expected
    assert set(mentions.values()) == {1}


def test_concurrent_runs_take_over_a_failed_claim_once(deadline_due, settings):
    deadline_due(7)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # discard port: nothing listens
    send_reminders(now=NOW)
    claim = ReminderClaim.objects.get()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    later = claim.next_attempt_at
    start = threading.Barrier(3)
    results = []

    def run() -> None:
        try:
            start.wait()
            results.append(send_reminders(now=later))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(r.sent for r in results) == [0, 0, 1]
    assert len(mail.outbox) == 1
