"""The scheduled task on a real Celery worker, with Redis as the broker."""

import os

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app
from deadlines.models import ClaimStatus, ReminderClaim
from deadlines.tasks import send_reminders
from tests.deadlines.conftest import NOW

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    if not os.environ.get("REDIS_URL"):
        if os.environ.get("REQUIRE_POSTGRES_TESTS") == "1":
            pytest.fail("REDIS_URL must be set to run the Celery worker tests here")
        pytest.skip("needs Redis (REDIS_URL)")
    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def test_a_worker_runs_the_reminders(worker, deadline_due):
    deadline_due(7)

    summary = send_reminders.delay(NOW.isoformat()).get(timeout=60)

    assert summary == "reminders: sent=1 skipped=0 failed=0"
    assert ReminderClaim.objects.get().status == ClaimStatus.SENT
