"""Check an evidence pack offline: every file against manifest.json, no database needed.

Exit status 0 and "intact" when every file matches; 1 naming the first file that does not
(changed, missing, or extra); 2 when the file cannot be read at all.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evidence.manifest import verify_archive


class Command(BaseCommand):
    help = "Verify an evidence pack ZIP against its manifest (offline: no database)."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.zip")

    def handle(self, *args, file, **options):
        if not Path(file).is_file():
            raise CommandError(f"{file}: no such file.", returncode=2)
        verdict = verify_archive(file)
        if not verdict.intact:
            raise CommandError(f"NOT INTACT: {verdict}", returncode=1)
        self.stdout.write(str(verdict))
