"""Build an evidence pack synchronously into a file, with the same builder as the background task.

Exit status 0 with the pack's digests, 2 on bad arguments (unknown organisation, system or
vendor of another organisation, bad dates).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.access import Actor
from core.models import Organisation
from evidence.services import evidence_pack_build_to_file
from vendors.models import AiSystem, Vendor


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD).", returncode=2) from None


class Command(BaseCommand):
    help = "Build an evidence pack (PDF, workbook, original files, manifest) into a ZIP file."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", metavar="SLUG", required=True)
        subject = parser.add_mutually_exclusive_group()
        subject.add_argument("--system", metavar="ID", type=int, help="Only this AI system.")
        subject.add_argument("--vendor", metavar="ID", type=int, help="Only this vendor and its systems.")
        parser.add_argument("--since", metavar="YYYY-MM-DD")
        parser.add_argument("--until", metavar="YYYY-MM-DD")
        parser.add_argument("--output", metavar="FILE.zip", required=True)

    def handle(self, *args, organisation, system=None, vendor=None, since=None, until=None, output, **options):
        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise CommandError(f"No organisation has the slug “{organisation}”.", returncode=2)
        ai_system = self._one(AiSystem, org, system, "AI system")
        the_vendor = self._one(Vendor, org, vendor, "vendor")
        actor = Actor.system(org, "build_evidence_pack")
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent}: no such folder.", returncode=2)
        try:
            with path.open("w+b") as target:
                pack = evidence_pack_build_to_file(
                    actor=actor,
                    output=target,
                    ai_system=ai_system,
                    vendor=the_vendor,
                    since=_date(since) if since else None,
                    until=_date(until) if until else None,
                )
        except ValidationError as error:
            path.unlink(missing_ok=True)
            problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            raise CommandError(problems, returncode=2) from None
        self.stdout.write(f"{path}: evidence pack #{pack.pk}, {pack.size} bytes")
        self.stdout.write(f"sha256 {pack.sha256}")
        self.stdout.write(f"evidence digest {pack.evidence_digest}")

    @staticmethod
    def _one(model, organisation, pk, name):
        if pk is None:
            return None
        found = model.objects.filter(organisation=organisation, pk=pk).first()
        if found is None:
            raise CommandError(f"No {name} {pk} in {organisation.slug}.", returncode=2)
        return found
