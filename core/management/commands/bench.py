"""`manage.py bench`: server time and SQL query count of the budgeted pages and jobs.

Runs on whatever DATABASE_URL names; the budgets in DESIGN.md are for PostgreSQL.
Everything it creates lives in one transaction that is rolled back at the end.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from core.bench import BenchContext, Measurement, bench_context, discover


class Command(BaseCommand):
    help = "Measure the budgeted pages and jobs on a throwaway organisation (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=7, help="Timed runs per measurement (the median is shown).")
        parser.add_argument("--scale", type=float, default=1.0, help="Fraction of the full data size, for quick runs.")
        parser.add_argument("--section", action="append", help="Only this section (repeatable).")

    def handle(self, *args, runs: int, scale: float, section: list[str] | None, **options):
        sections = discover()
        unknown = set(section or ()) - set(sections)
        if unknown:
            raise CommandError(f"Unknown section(s): {', '.join(sorted(unknown))}. Known: {', '.join(sections)}.")
        chosen = {name: run for name, run in sections.items() if not section or name in section}
        self.stdout.write(f"Database: {connection.vendor} ({connection.settings_dict['NAME']}); runs: {runs}")
        with transaction.atomic():
            context = bench_context(runs=runs, scale=scale)
            for name, run in chosen.items():
                self.report(name, self.run_section(name, run, context))
            transaction.set_rollback(True)

    def run_section(self, name: str, run, context: BenchContext) -> list[Measurement]:
        self.stdout.write(f"\n[{name}] seeding and measuring…")
        try:
            return run(context)
        except RuntimeError as error:
            raise CommandError(f"Section {name!r} failed: {error}") from error

    def report(self, name: str, measurements: list[Measurement]) -> None:
        width = max(len(m.name) for m in measurements)
        self.stdout.write(f"  {'measurement'.ljust(width)}  {'median ms':>10}  {'queries':>7}  {'budget':>8}")
        for m in measurements:
            if m.unit == "×":  # a ratio: its value in the median column, extra queries in the query column
                value, budget = f"{m.median_ms:.2f}×", f"≤ {m.budget_ms:.1f}×"
            else:
                value, budget = f"{m.median_ms:.1f}", f"{m.budget_ms:.0f} ms" if m.budget_ms else "—"
            line = f"  {m.name.ljust(width)}  {value:>10}  {m.queries:>7}  {budget:>8}  {m.verdict}"
            self.stdout.write(self.style.ERROR(line) if m.verdict == "OVER" else line)
