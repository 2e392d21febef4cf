"""Guards on where the suite runs, so CI cannot pass on the wrong database by accident."""

import os

import pytest
from django.db import connection


@pytest.mark.skipif(os.environ.get("REQUIRE_POSTGRES_TESTS") != "1", reason="REQUIRE_POSTGRES_TESTS is not set")
def test_it_runs_on_postgresql_when_postgresql_is_required():
    assert connection.vendor == "postgresql", "REQUIRE_POSTGRES_TESTS=1 but DATABASE_URL does not name PostgreSQL"


def test_it_runs_background_tasks_in_process_by_default():
    from config.celery import app

    assert app.conf.task_always_eager
