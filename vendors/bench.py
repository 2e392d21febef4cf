"""Benchmark of the registry pages at the size DESIGN.md budgets for: 10,000 vendors, 50,000 AI systems."""

from __future__ import annotations

from django.db import connection
from django.urls import reverse

from core.bench import BenchContext, Measurement, register
from vendors.models import AiSystem, Lifecycle, Vendor, VendorStatus

COUNTRIES = ("DE", "FR", "NL", "IE", "US", "GB", "CH", "SE", "ES", "IT")
STATUSES = (VendorStatus.ACTIVE, VendorStatus.ONBOARDING, VendorStatus.SUSPENDED)
LIFECYCLES = tuple(Lifecycle.values)
BATCH_SIZE = 2000


def seed_registry(context: BenchContext, vendor_count: int, system_count: int) -> tuple[Vendor, AiSystem]:
    """Vendors and systems spread evenly (systems per vendor = ratio); returns one of each to open."""
    organisation = context.organisation
    vendors = Vendor.objects.bulk_create(
        (
            Vendor(
                organisation=organisation,
                legal_name=f"Vendor {i:05d} Holding",
                country=COUNTRIES[i % len(COUNTRIES)],
                status=STATUSES[i % len(STATUSES)],
            )
            for i in range(vendor_count)
        ),
        batch_size=BATCH_SIZE,
    )
    AiSystem.objects.bulk_create(
        (
            AiSystem(
                organisation=organisation,
                vendor=vendors[i % vendor_count],
                name=f"System {i:06d}",
                intended_purpose="Benchmark system.",
                lifecycle=LIFECYCLES[i % len(LIFECYCLES)],
                business_owner=context.owner,
            )
            for i in range(system_count)
        ),
        batch_size=BATCH_SIZE,
    )
    _refresh_planner_statistics()
    middle = vendors[vendor_count // 2]
    return middle, middle.ai_systems.order_by("pk").first()


def _refresh_planner_statistics() -> None:
    # Fresh bulk rows are invisible to the planner until analysed; production tables are analysed by autovacuum.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Vendor._meta.db_table}, {AiSystem._meta.db_table}")


@register("registry")
def registry_pages(context: BenchContext) -> list[Measurement]:
    vendor_count, system_count = context.count(10_000), context.count(50_000)
    vendor, system = seed_registry(context, vendor_count, system_count)
    vendor_list = reverse("vendors:vendor_list")
    middle_page = min(50, max(1, vendor_count // 25))
    return [
        context.page(f"vendor list ({vendor_count:,} vendors)", vendor_list),
        context.page(f"vendor list, page {middle_page}", f"{vendor_list}?page={middle_page}"),
        context.page("vendor detail", vendor.get_absolute_url()),
        context.page(f"system list ({system_count:,} systems)", reverse("vendors:system_list")),
        context.page("system detail", system.get_absolute_url()),
        context.page("API vendor list", reverse("vendor-list")),
    ]
