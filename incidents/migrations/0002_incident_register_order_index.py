"""The register's default order as core.lists writes it (aware_at DESC NULLS LAST, id) as an index, on PostgreSQL.

SQLite has no NULLS LAST in an index and orders without one well enough; on PostgreSQL the
plain descending index cannot serve NULLS LAST, and the register of 10,000 incidents would sort.
"""

from django.db import migrations

INDEX = "incident_register_order"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON incidents_incident "
            "(organisation_id, aware_at DESC NULLS LAST, id)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
