"""`manage.py reclassifications`: systems whose result would change under the newest rule pack.

    reclassifications [--organisation SLUG]                    list them, with the difference
    reclassifications --organisation SLUG --confirm ID --as USERNAME [--note TEXT]
                                                               confirm one (a new, audited snapshot)

Listing changes nothing. Confirming acts as that member, with the member's permissions
(compliance or owner), exactly as the page's button does. Exit 1 when refused.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from assessments import presentation, selectors, services
from assessments.models import Classification
from assessments.rulepack import default_pack
from core.access import Actor
from core.models import Membership, Organisation


class Command(BaseCommand):
    help = "List (or confirm) re-classifications under the newest rule pack."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", metavar="SLUG", help="Only this organisation (required to confirm).")
        parser.add_argument("--confirm", type=int, metavar="ID", help="Confirm the re-classification of this snapshot.")
        parser.add_argument("--as", dest="username", metavar="USERNAME", help="The member who confirms.")
        parser.add_argument("--note", default="", help="Why, for the audit log and the new snapshot.")

    def handle(self, *args, organisation=None, confirm=None, username=None, note="", **options):
        organisations = Organisation.objects.order_by("slug")
        if organisation:
            organisations = organisations.filter(slug=organisation)
            if not organisations.exists():
                raise CommandError(f"unknown organisation {organisation!r}")
        if confirm is not None:
            self._confirm(organisations, confirm, username, note)
            return
        for org in organisations:
            self._list(org)

    def _list(self, organisation) -> None:
        pack = default_pack()
        candidates = selectors.reclassification_candidates(organisation)
        self.stdout.write(f"{organisation.slug}: {len(candidates)} to re-classify under rule pack {pack.version}")
        for candidate in candidates:
            current = candidate.current
            self.stdout.write(
                f"  #{current.pk} {current.ai_system} (rule pack {current.pack_version}, {current.timeline})"
            )
            for key, problems in candidate.problems.items():
                self.stdout.write(f"    answers refused: {key}: {'; '.join(problems)} (answer the questionnaire again)")
            for change in candidate.changes:
                line = presentation.describe_change(change, selectors.pack_of(current), pack)
                if line.removed or line.added:
                    details = [f"- {item}" for item in line.removed] + [f"+ {item}" for item in line.added]
                    self.stdout.write(f"    {line.title}: " + "; ".join(details))
                else:
                    self.stdout.write(f"    {line.title}: {line.before} → {line.after}")

    def _confirm(self, organisations, snapshot_id: int, username: str | None, note: str) -> None:
        if organisations.count() != 1 or not username:
            raise CommandError("--confirm needs --organisation and --as USERNAME")
        organisation = organisations.get()
        membership = Membership.objects.filter(organisation=organisation, user__username=username).first()
        snapshot = Classification.objects.filter(organisation=organisation, pk=snapshot_id).first()
        if membership is None or snapshot is None:
            raise CommandError(f"no member {username!r} or classification #{snapshot_id} in {organisation.slug}")
        try:
            new = services.classification_reclassify(
                actor=Actor.for_member(membership),
                classification=snapshot,
                pack_sha256=default_pack().sha256,
                note=note,
            )
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        self.stdout.write(f"{snapshot.ai_system}: new classification #{new.pk} under rule pack {new.pack_version}")
