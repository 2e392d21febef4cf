"""Helpers of the core tests: audit events to look at, and a way to tamper with them."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from core.audit import record
from core.models import AuditEvent
from tests.helpers import smtp_server, smtp_settings, temp_upload_dir  # noqa: F401 (fixtures for this app's tests)

requires_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")


def tamper(sql: str, params: tuple = ()) -> None:
    """Run raw SQL against the audit table as an intruder with database rights would.

    On PostgreSQL the append-only trigger is bypassed for the statement (as only a
    superuser could), so the tests show the hash chain catches what the trigger cannot.
    """
    postgres = connection.vendor == "postgresql"
    # In a transaction of its own when there is none (transactional tests): SET LOCAL needs one.
    with transaction.atomic(), connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if postgres:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")


@pytest.fixture
def logged(owner_actor):
    """logged(n) → n events recorded by the owner, oldest first."""

    def make(count: int, action: str = "tests.thing.updated", actor=None, obj=None, **kwargs) -> list[AuditEvent]:
        return [
            record(actor or owner_actor, action, obj, changes={"step": [index, index + 1]}, **kwargs)
            for index in range(count)
        ]

    return make
