"""`manage.py rulepack check [FILE ...]`: validate rule pack files before they are deployed.

Without files it checks every retained pack (assessments/rulepacks/eu-ai-act-<version>.yaml),
each on its own and as a set (file name matches version, no version twice), and reports
every problem it finds, not only the first.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from assessments.rulepack import check_retained_packs


class Command(BaseCommand):
    help = "Validate rule packs: prints 'ok: <id> <version> sha256=<hash>' per pack, or every problem and exits 1."
    # Pure computation on files: it needs neither the URLconf nor the database checks.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check"])
        parser.add_argument("paths", nargs="*", help="YAML rule pack files (default: every retained pack)")

    def handle(self, *args, paths: list[str], **options):
        packs, problems = check_retained_packs([Path(path) for path in paths] if paths else None)
        for pack in packs:
            self.stdout.write(f"ok: {pack.id} {pack.version} sha256={pack.sha256}")
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise SystemExit(1)
