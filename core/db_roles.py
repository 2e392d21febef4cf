"""PostgreSQL rights of the application's own database login, so the audit log cannot be rewritten through it.

Two roles (README, "Database roles"): the *owner* (`DJANGO_DB_OWNER_URL`) owns the tables
and runs the migrations; the *application* (`DATABASE_URL`) reads and writes the data but
may only INSERT and SELECT audit events, and INSERT, SELECT and UPDATE the chain heads (an
update that a trigger only lets move forward to an event that exists). Not owning the
tables, it can neither TRUNCATE nor ALTER them, nor DROP or disable their triggers.
"""

from __future__ import annotations

# Audit tables and the only rights the application gets on them.
AUDIT_TABLE_RIGHTS = {
    "core_auditevent": "SELECT, INSERT",
    "core_auditchainhead": "SELECT, INSERT, UPDATE",
}


def grant_application_rights(connection, role: str) -> None:
    """Give `role` what the application needs on every table of the schema, and no more on the audit tables.

    Run as the owner; idempotent. Default privileges extend the same to tables that later
    migrations create.
    """
    quoted = connection.ops.quote_name(role)
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {quoted}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {quoted}",
    ]
    for table, rights in AUDIT_TABLE_RIGHTS.items():
        statements += [f"REVOKE ALL ON {table} FROM {quoted}", f"GRANT {rights} ON {table} TO {quoted}"]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def application_role(connection, settings) -> str | None:
    """The application's role when it differs from the one connected now (the owner), else None."""
    role = settings.DB_APP_ROLE
    if connection.vendor != "postgresql" or not role:
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (current,) = cursor.fetchone()
    return role if role != current else None
