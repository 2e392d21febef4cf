"""Write a contract's obligation allocation schedule as PDF or XLSX."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from contracts.exporters import write_schedule_xlsx
from contracts.models import Contract
from contracts.schedule import write_pdf


class Command(BaseCommand):
    help = "Write the obligation allocation schedule of a contract (PDF or XLSX annex)."

    def add_arguments(self, parser):
        parser.add_argument("--contract", type=int, required=True, help="The contract's id.")
        parser.add_argument("--format", choices=("pdf", "xlsx"), default="pdf")
        parser.add_argument("--output", required=True, help="The file to write.")

    def handle(self, *args, contract, format, output, **options):
        found = Contract.objects.select_related("organisation", "vendor").filter(pk=contract).first()
        if found is None:
            raise CommandError(f"No contract with id {contract}.")
        writer = write_pdf if format == "pdf" else write_schedule_xlsx
        try:
            with open(output, "wb") as stream:
                writer(found, stream)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}") from error
        self.stdout.write(f"Wrote the allocation schedule of “{found.title}” to {output}.")
