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


def vendors_for_list(organisation: Organisation) -> QuerySet[Vendor]:
    """Vendors with `system_count`, the number of their AI systems not archived."""
    return Vendor.objects.filter(organisation=organisation).annotate(
        system_count=Count("ai_systems", filter=_ACTIVE_SYSTEMS)
    )


def vendors_for_page(organisation: Organisation) -> QuerySet[Vendor]:
    """`vendors_for_list` with `archived_system_count` too, and the parent and author a vendor page shows."""
    return (
        vendors_for_list(organisation)
        .select_related("parent", "created_by")
        .annotate(archived_system_count=Count("ai_systems", filter=Q(ai_systems__archived_at__isnull=False)))
    )


def ai_systems_for_list(organisation: Organisation) -> QuerySet[AiSystem]:
    return AiSystem.objects.filter(organisation=organisation).select_related(
        "vendor", "gpai_model", "business_owner__user"
    )


def gpai_models_for_list(organisation: Organisation) -> QuerySet[GpaiModel]:
    return (
        GpaiModel.objects.filter(organisation=organisation)
        .select_related("vendor")
        .annotate(system_count=Count("ai_systems", filter=_ACTIVE_SYSTEMS))
    )
