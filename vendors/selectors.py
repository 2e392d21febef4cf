"""Reads that need care: list querysets with their annotations."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from core.models import Organisation
from vendors.models import AiSystem, GpaiModel, Vendor

VENDOR_SEARCH_FIELDS = ("legal_name", "trade_name", "vat_number", "lei")
AI_SYSTEM_SEARCH_FIELDS = ("name", "version", "vendor__legal_name", "vendor__trade_name")
GPAI_MODEL_SEARCH_FIELDS = ("name", "version", "vendor__legal_name", "vendor__trade_name")
CONTACT_SEARCH_FIELDS = ("name", "email", "role", "vendor__legal_name")

_ACTIVE_SYSTEMS = Q(ai_systems__archived_at__isnull=True)


# Sorting by the count is the one request that aggregates every row (core.lists.Column.aggregate).
ACTIVE_SYSTEM_COUNT = Count("ai_systems", filter=_ACTIVE_SYSTEMS)


def vendors_for_list(organisation: Organisation) -> QuerySet[Vendor]:
    """The organisation's vendors, unaggregated: `attach_system_counts` counts the shown page's systems."""
    return Vendor.objects.filter(organisation=organisation)


def vendors_for_page(organisation: Organisation) -> QuerySet[Vendor]:
    """Vendors with `system_count` and `archived_system_count`, and the parent and author a vendor page shows."""
    return (
        vendors_for_list(organisation)
        .select_related("parent", "created_by")
        .annotate(
            system_count=ACTIVE_SYSTEM_COUNT,
            archived_system_count=Count("ai_systems", filter=Q(ai_systems__archived_at__isnull=False)),
        )
    )


def attach_system_counts(rows: list, via: str) -> list:
    """Set `system_count` (AI systems not archived) on vendors (via="vendor") or GPAI models (via="gpai_model"),
    in one query for the given rows whatever the size of the register; rows already annotated are kept."""
    missing = [row for row in rows if not hasattr(row, "system_count")]
    if missing:
        systems = AiSystem.objects.filter(**{f"{via}__in": missing}, archived_at__isnull=True).order_by()
        counts = dict(systems.values(via).annotate(n=Count("pk")).values_list(via, "n"))
        for row in missing:
            row.system_count = counts.get(row.pk, 0)
    return rows


def ai_systems_for_list(organisation: Organisation) -> QuerySet[AiSystem]:
    return AiSystem.objects.filter(organisation=organisation).select_related(
        "vendor", "gpai_model", "business_owner__user"
    )


def gpai_models_for_list(organisation: Organisation) -> QuerySet[GpaiModel]:
    """The organisation's GPAI models with their vendor; `attach_system_counts` counts the shown page's systems."""
    return GpaiModel.objects.filter(organisation=organisation).select_related("vendor")
