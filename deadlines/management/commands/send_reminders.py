"""`manage.py send_reminders [--now ISO-DATETIME] [--dry-run]`: the daily reminder run, by hand."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from deadlines.reminders import send_reminders


def aware_datetime(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--now must be an ISO date-time such as 2027-12-02T07:00+01:00, got {value!r}") from error
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, dt.UTC)


class Command(BaseCommand):
    help = "Send the reminder digests due now (each reminder once, however often this runs)."

    def add_arguments(self, parser):
        parser.add_argument("--now", type=aware_datetime, help="Run as if it were this moment (UTC if no offset).")
        parser.add_argument("--dry-run", action="store_true", help="Count what would be sent; claim and send nothing.")

    def handle(self, *args, now=None, dry_run=False, **options):
        result = send_reminders(now=now, dry_run=dry_run)
        if dry_run:
            self.stdout.write("Dry run: nothing was claimed or sent.")
        self.stdout.write(result.summary(dry_run=dry_run))
