"""`manage.py import_notified_bodies FILE`: load or update the notified-body registry from CSV or XLSX."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from compliance.notified_bodies import ImportFileError, parse
from compliance.services import notified_bodies_upsert


class Command(BaseCommand):
    help = (
        "Upsert notified bodies by number from a CSV or XLSX file with columns number,name,country,ai_act,status. "
        "All or nothing: one bad row and nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            rows, problems = parse(file)
        except ImportFileError as error:
            raise CommandError(f"{file.name}: {error}") from None
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(problems)} problem(s) found; nothing was imported.")
        counts = notified_bodies_upsert(rows)
        self.stdout.write(f"added={counts['added']} updated={counts['updated']} unchanged={counts['unchanged']}")
