"""`manage.py rulepack check FILE`: validate a rule pack file before it is deployed."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from assessments.rulepack import PackError, load_pack


class Command(BaseCommand):
    help = "Validate a rule pack: prints 'ok: <id> <version> sha256=<hash>', or the problem and exits 1."
    # Pure computation on a file: it needs neither the URLconf nor the database checks.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check"])
        parser.add_argument("path", help="the YAML rule pack file")

    def handle(self, *args, path: str, **options):
        try:
            pack = load_pack(path)
        except (PackError, OSError) as error:
            self.stderr.write(str(error))
            raise SystemExit(1) from error
        self.stdout.write(f"ok: {pack.id} {pack.version} sha256={pack.sha256}")
