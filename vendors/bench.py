"""Benchmark of the registry pages at the size DESIGN.md budgets for: 10,000 vendors, 50,000 AI systems."""

from __future__ import annotations

from django.db import connection
from django.urls import reverse

from core.bench import BenchContext, Measurement, growth_ratio, register
from vendors.models import AiSystem, Lifecycle, Vendor, VendorStatus

COUNTRIES = ("DE", "FR", "NL", "IE", "US", "GB", "CH", "SE", "ES", "IT")
STATUSES = (VendorStatus.ACTIVE, VendorStatus.ONBOARDING, VendorStatus.SUSPENDED)
LIFECYCLES = tuple(Lifecycle.values)
BATCH_SIZE = 2000


def seed_registry(
    context: BenchContext, vendor_count: int, system_count: int, first: int = 0, label: str = "Vendor"
) -> tuple[Vendor, AiSystem]:
    """Vendors and systems spread evenly (systems per vendor = ratio); returns one of each to open.
    `first` numbers the vendors on from an earlier seeding, so a register can be grown in steps."""
    organisation = context.organisation
    vendors = Vendor.objects.bulk_create(
        (
            Vendor(
                organisation=organisation,
                legal_name=f"{label} {i:06d} Holding",
                country=COUNTRIES[i % len(COUNTRIES)],
                status=STATUSES[i % len(STATUSES)],
            )
            for i in range(first, first + vendor_count)
        ),
        batch_size=BATCH_SIZE,
    )
    AiSystem.objects.bulk_create(
        (
            AiSystem(
                organisation=organisation,
                vendor=vendors[i % vendor_count],
                name=f"System {first + i:07d}",
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


# Issue 16: the vendor list must stay flat as the register grows: 100,000 vendors within 1.5× of 1,000.
GROWTH_LIMIT = 1.5


@register("vendor list growth")
def vendor_list_growth(context: BenchContext) -> list[Measurement]:
    small, large = context.count(1_000), context.count(100_000)
    urls = {"page": reverse("vendors:vendor_list"), "API": reverse("vendor-list")}
    seed_registry(context, small, small // 2, label="Growing vendor")
    before = {kind: context.page(f"vendor list {kind} ({small:,} vendors)", url) for kind, url in urls.items()}
    seed_registry(context, large - small, (large - small) // 2, first=small, label="Growing vendor")
    after = {kind: context.page(f"vendor list {kind} ({large:,} vendors)", url) for kind, url in urls.items()}
    ratios = [
        growth_ratio(f"vendor list {kind} ratio {large:,}/{small:,}", before[kind], after[kind], GROWTH_LIMIT)
        for kind in urls
    ]
    return [*before.values(), *after.values(), *ratios]
