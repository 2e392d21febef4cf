"""Verify every organisation's audit hash chain (or one, with --organisation).

Exit status: 0 when every chain is intact, 1 when one is broken (its first broken event
goes to stderr) or when a head given with --expect-head is no longer in its chain with
that hash, 2 when the organisation asked for does not exist or the head is ill-formed.
"""

from __future__ import annotations

import re

from django.core.management.base import BaseCommand, CommandError

from core.audit import ChainProblem, verify_chain, verify_head
from core.models import AuditEvent, Organisation

HEAD_FORMAT = re.compile(r"^(\d+):([0-9a-fA-F]{64})$")


class Command(BaseCommand):
    help = "Verify the hash chain of each organisation's audit log."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", metavar="SLUG", help="Only this organisation.")
        parser.add_argument(
            "--expect-head",
            metavar="ID:HASH",
            help="A chain head published earlier (event id and hash, e.g. from a digest mail) that must still be "
            "in its organisation's chain, unaltered.",
        )

    def handle(self, *args, organisation=None, expect_head=None, **options):
        organisations = Organisation.objects.order_by("slug")
        if organisation:
            organisations = organisations.filter(slug=organisation)
            if not organisations.exists():
                raise CommandError(f"No organisation has the slug “{organisation}”.", returncode=2)
        if expect_head is not None:
            self.check_expected_head(expect_head, organisations)
        broken = [org.slug for org in organisations if not self.verify(org)]
        if broken:
            raise CommandError(f"The audit log of {', '.join(broken)} is broken.", returncode=1)

    def check_expected_head(self, expect_head: str, organisations) -> None:
        match = HEAD_FORMAT.match(expect_head.strip())
        if not match:
            raise CommandError("--expect-head takes EVENT_ID:SHA256, e.g. 4182:9f86d0…", returncode=2)
        event_id, event_hash = int(match[1]), match[2]
        owner = AuditEvent.objects.filter(pk=event_id, organisation__in=organisations).select_related("organisation")
        event = owner.first()
        if event is None:
            self.stderr.write(f"recorded head id {event_id}: no such event any more: events were removed")
            raise CommandError(f"The recorded head {event_id} is no longer in the audit log.", returncode=1)
        problem = verify_head(event.organisation, event_id, event_hash)
        if problem is not None:
            self.report(problem, head=True)
            message = f"The audit log of {event.organisation.slug} no longer holds the recorded head."
            raise CommandError(message, returncode=1)
        slug = event.organisation.slug
        self.stdout.write(f"{slug}: recorded head #{event.sequence} (id {event_id}) still in the chain")

    def verify(self, organisation: Organisation) -> bool:
        problem = verify_chain(organisation)
        if problem is None:
            count = AuditEvent.objects.filter(organisation=organisation).count()
            self.stdout.write(f"{organisation.slug}: intact, {count} events")
            return True
        self.stdout.write(f"{organisation.slug}: BROKEN")
        self.report(problem)
        return False

    def report(self, problem: ChainProblem, *, head: bool = False) -> None:
        where = (
            f"first broken event: sequence {problem.sequence}, id {problem.event_id}"
            if problem.sequence is not None
            else f"recorded head id {problem.event_id}"
            if head
            else "the chain head"
        )
        self.stderr.write(f"{problem.organisation}: {where}: {problem.reason}")
