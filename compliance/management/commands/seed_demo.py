"""`manage.py seed_demo`: demo organisations, one login per role and realistic data to explore.

Idempotent: a second run creates nothing new and prints the logins again. Each later
area adds its step to SEED_STEPS; a step receives the context and returns how many
objects of each kind it created.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management.base import BaseCommand

from assessments.demo import seed_classifications
from compliance.demo import seed_documents, seed_notified_bodies
from core.demo import DemoLogin, demo_actor, ensure_demo_organisations
from core.models import Organisation
from vendors.demo import seed_vendors

# Who enters the seeded data in each demo organisation (it shows in the audit log).
DATA_ENTRY_MEMBER = {"northwind": "compliance", "contoso": "contoso"}


@dataclass(frozen=True)
class SeedContext:
    organisations: list[Organisation]

    def actor_for(self, organisation: Organisation):
        return demo_actor(organisation.slug, DATA_ENTRY_MEMBER[organisation.slug])


def seed_registry(context: SeedContext) -> Counter[str]:
    counts: Counter[str] = Counter()
    for organisation in context.organisations:
        counts += seed_vendors(organisation, context.actor_for(organisation))
    return counts


def seed_demo_classifications(context: SeedContext) -> Counter[str]:
    counts: Counter[str] = Counter()
    for organisation in context.organisations:
        counts += seed_classifications(organisation, context.actor_for(organisation))
    return counts


def seed_compliance_documents(context: SeedContext) -> Counter[str]:
    counts: Counter[str] = Counter()
    for organisation in context.organisations:
        counts += seed_documents(organisation, context.actor_for(organisation))
    return counts


SEED_STEPS: list[tuple[str, Callable[[SeedContext], Counter[str]]]] = [
    ("Vendors, contacts, GPAI models and AI systems", seed_registry),
    ("Classifications of the demo systems", seed_demo_classifications),
    ("Notified bodies (fictional sample)", lambda context: seed_notified_bodies()),
    ("Document requests, documents and red flags", seed_compliance_documents),
]


class Command(BaseCommand):
    help = "Create the demo organisations, logins and data (safe to run again)."

    def handle(self, *args, **options):
        logins = ensure_demo_organisations()
        organisations = list(Organisation.objects.filter(slug__in=DATA_ENTRY_MEMBER).order_by("name"))
        context = SeedContext(organisations=organisations)
        self.print_logins(logins)
        self.stdout.write("")
        for title, step in SEED_STEPS:
            counts = step(context)
            created = ", ".join(f"{count} {kind}" for kind, count in counts.items()) or "nothing new"
            self.stdout.write(f"{title}: {created}")
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
