"""Verify every organisation's audit hash chain (or one, with --organisation).

Exit status: 0 when every chain is intact, 1 when one is broken (its first broken event
goes to stderr), 2 when the organisation asked for does not exist.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from core.audit import verify_chain
from core.models import AuditEvent, Organisation


class Command(BaseCommand):
    help = "Verify the hash chain of each organisation's audit log."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", metavar="SLUG", help="Only this organisation.")

    def handle(self, *args, organisation=None, **options):
        organisations = Organisation.objects.order_by("slug")
        if organisation:
            organisations = organisations.filter(slug=organisation)
            if not organisations.exists():
                raise CommandError(f"No organisation has the slug “{organisation}”.", returncode=2)
        broken = [org.slug for org in organisations if not self.verify(org)]
        if broken:
            raise CommandError(f"The audit log of {', '.join(broken)} is broken.", returncode=1)

    def verify(self, organisation: Organisation) -> bool:
        problem = verify_chain(organisation)
        if problem is None:
            count = AuditEvent.objects.filter(organisation=organisation).count()
            self.stdout.write(f"{organisation.slug}: intact, {count} events")
            return True
        self.stdout.write(f"{organisation.slug}: BROKEN")
        where = (
            f"first broken event: sequence {problem.sequence}, id {problem.event_id}"
            if problem.sequence is not None
            else "the chain head"
        )
        self.stderr.write(f"{organisation.slug}: {where}: {problem.reason}")
        return False
