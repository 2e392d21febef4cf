"""On PostgreSQL, the application's own role cannot rewrite the audit log; the chain head only moves forward.

CI connects as a superuser, so each test makes a restricted role (rolled back with the
test's transaction), gives it the application's rights (core.db_roles) and acts as it.
"""

import psycopg
import pytest
from django.db import DatabaseError, connection, transaction

from core.access import Actor
from core.audit import record, verify_chain
from core.db_roles import grant_application_rights
from core.models import AuditChainHead, AuditEvent
from tests.core.conftest import requires_postgres

pytestmark = [pytest.mark.postgres, requires_postgres]

APP_ROLE = "tracker_app_under_test"


@pytest.fixture
def as_app_role(db):
    """Run the rest of the test's statements as a role with only the application's rights."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {APP_ROLE} NOLOGIN")
    grant_application_rights(connection, APP_ROLE)

    def switch():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL ROLE {APP_ROLE}")

    return switch


def refused(sql: str, params=()) -> DatabaseError:
    with pytest.raises(DatabaseError) as failure, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return failure.value


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditevent SET action = 'tests.hidden' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
        "TRUNCATE core_auditevent CASCADE",
        "DROP TRIGGER core_auditevent_append_only ON core_auditevent",
        "ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only",
        "TRUNCATE core_auditchainhead",
        "DELETE FROM core_auditchainhead",
        "DROP TRIGGER core_auditchainhead_forward_only ON core_auditchainhead",
    ],
)
def test_the_application_role_cannot_change_or_remove_audit_evidence(logged, as_app_role, sql):
    [event] = logged(1)
    as_app_role()
    error = refused(sql, [event.pk] if "%s" in sql else [])
    assert isinstance(error.__cause__, psycopg.errors.InsufficientPrivilege)
    assert AuditEvent.objects.get(pk=event.pk).action == "tests.thing.updated"


def test_the_application_role_appends_and_reads_the_log(organisation, owner_actor, as_app_role):
    record(owner_actor, "tests.thing.updated")
    as_app_role()
    record(owner_actor, "tests.thing.updated")
    record(Actor.system(organisation, "worker"), "tests.thing.updated")
    assert AuditEvent.objects.filter(organisation=organisation).count() == 3
    assert verify_chain(organisation) is None


@pytest.mark.parametrize(
    ("sql", "why"),
    [
        ("UPDATE core_auditchainhead SET last_sequence = last_sequence - 1 WHERE organisation_id = %s", "forward"),
        ("UPDATE core_auditchainhead SET last_hash = repeat('a', 64) WHERE organisation_id = %s", "forward"),
        ("DELETE FROM core_auditchainhead WHERE organisation_id = %s", "cannot be deleted"),
    ],
)
def test_the_chain_head_only_moves_forward_to_an_existing_event(organisation, logged, sql, why):
    """Even for the owner (the trigger, not only the rights): rewinding the head would hide removed events."""
    logged(3)
    error = refused(sql, [organisation.pk])
    assert why in str(error)
    assert AuditChainHead.objects.get(organisation=organisation).last_sequence == 3
