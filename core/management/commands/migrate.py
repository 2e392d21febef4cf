"""Django's migrate, run as the database owner when DJANGO_DB_OWNER_URL is set.

The application's own login (DATABASE_URL) may not create or alter tables, nor change the
audit log (core.db_roles); migrations therefore connect as the owner, and afterwards the
application role's rights are granted again, so a role set up after the first migration
gets them too.
"""

from __future__ import annotations

import dj_database_url
from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrateCommand
from django.db import DEFAULT_DB_ALIAS, connections

from core.db_roles import application_role, grant_application_rights


class Command(DjangoMigrateCommand):
    def handle(self, *args, **options):
        database = options["database"]
        if settings.DB_OWNER_URL and database == DEFAULT_DB_ALIAS:
            connect_as_owner(connections[database])
        super().handle(*args, **options)
        connection = connections[database]
        if role := application_role(connection, settings):
            grant_application_rights(connection, role)
            if options["verbosity"] >= 1:
                self.stdout.write(f"Rights of the application role “{role}” granted (audit tables: insert and read).")


def connect_as_owner(connection) -> None:
    owner = dj_database_url.parse(settings.DB_OWNER_URL)
    connection.close()
    for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT"):
        connection.settings_dict[key] = owner[key]
