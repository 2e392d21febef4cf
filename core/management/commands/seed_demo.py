"""`manage.py seed_demo`: demo organisations, one login per role and realistic data to explore.

Idempotent: a second run creates nothing new and prints the logins again. The data comes
from the steps apps register with `core.demo.register_demo_step` in their `demo` modules.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.module_loading import autodiscover_modules

from core.demo import DemoLogin, demo_contexts, demo_steps, ensure_demo_organisations


class Command(BaseCommand):
    help = "Create the demo organisations, logins and data (safe to run again)."

    def handle(self, *args, **options):
        autodiscover_modules("demo")
        logins = ensure_demo_organisations()
        self.print_logins(logins)
        steps = demo_steps()
        for context in demo_contexts():
            self.stdout.write("")
            self.stdout.write(self.style.MIGRATE_HEADING(context.organisation.name))
            for step in steps:
                counts = {kind: count for kind, count in (step.run(context) or {}).items() if count}
                created = ", ".join(f"{count} {kind}" for kind, count in counts.items()) or "nothing new"
                self.stdout.write(f"  {step.title}: {created}")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))

    def print_logins(self, logins: list[DemoLogin]) -> None:
        created = sum(login.created for login in logins)
        self.stdout.write(f"Demo logins ({created} new):")
        header = ("Username", "Password", "Role", "Organisation")
        rows = [header, *((x.username, x.password, x.role, x.organisation) for x in logins)]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        for index, row in enumerate(rows):
            self.stdout.write("  " + "  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)))
            if index == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
