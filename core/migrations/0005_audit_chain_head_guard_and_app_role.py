"""On PostgreSQL: the chain head only moves forward, to an event that exists, and is never deleted;
and, when the application connects as its own role (DJANGO_DB_OWNER_URL set for migrations),
that role may only INSERT and SELECT audit events (core.db_roles)."""

from django.conf import settings
from django.db import migrations

from core.db_roles import application_role, grant_application_rights

CREATE = """
CREATE OR REPLACE FUNCTION core_auditchainhead_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit chain heads cannot be deleted' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.last_sequence <> 0 THEN
            RAISE EXCEPTION 'a new audit chain head starts at 0' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.organisation_id <> OLD.organisation_id OR NEW.last_sequence < OLD.last_sequence
       OR NOT EXISTS (
           SELECT 1 FROM core_auditevent
           WHERE organisation_id = NEW.organisation_id AND sequence = NEW.last_sequence AND hash = NEW.last_hash
       ) THEN
        RAISE EXCEPTION 'an audit chain head only moves forward, to an event of its chain'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditchainhead_forward_only
    BEFORE INSERT OR UPDATE OR DELETE ON core_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION core_auditchainhead_guard();
"""

DROP = """
DROP TRIGGER IF EXISTS core_auditchainhead_forward_only ON core_auditchainhead;
DROP FUNCTION IF EXISTS core_auditchainhead_guard();
"""


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE, params=None)
    if role := application_role(connection, settings):
        grant_application_rights(connection, role)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_invitations_and_last_chosen_organisation")]

    operations = [migrations.RunPython(forwards, backwards)]
