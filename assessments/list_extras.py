"""The risk tier on the AI system list (badge and filter) and the worst tier on the vendor list."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef

from assessments.models import Classification, RiskTier
from vendors.list_extras import AI_SYSTEMS, VENDORS, ListExtra, register_list_extra
from vendors.models import AiSystem

UNCLASSIFIED = "unclassified"
TIER_CHOICES = [*RiskTier.choices, (UNCLASSIFIED, "Not yet classified")]
# Most serious first: a vendor's worst tier is the first of these any of its systems has.
SEVERITY_ORDER = list(RiskTier)


def _current(**filters):
    return Classification.objects.current_for_systems().filter(**filters)


def system_tiers(systems: list) -> dict[int, RiskTier]:
    rows = _current(ai_system__in=systems).values_list("ai_system_id", "risk_tier")
    return {system_id: RiskTier(tier) for system_id, tier in rows}


def worst_tiers(vendors: list) -> dict[int, RiskTier]:
    """Per vendor, the most serious current tier among its systems not archived."""
    rows = _current(ai_system__vendor__in=vendors, ai_system__archived_at__isnull=True).values_list(
        "ai_system__vendor_id", "risk_tier"
    )
    worst: dict[int, RiskTier] = {}
    for vendor_id, tier in rows:
        tier = RiskTier(tier)
        if vendor_id not in worst or SEVERITY_ORDER.index(tier) < SEVERITY_ORDER.index(worst[vendor_id]):
            worst[vendor_id] = tier
    return worst


def filter_system_tier(queryset, name, value):
    if value == UNCLASSIFIED:
        return queryset.exclude(Exists(_current(ai_system=OuterRef("pk"))))
    return queryset.filter(Exists(_current(ai_system=OuterRef("pk"), risk_tier=value)))


def filter_vendor_tier(queryset, name, value):
    active = {"ai_system__vendor": OuterRef("pk"), "ai_system__archived_at__isnull": True}
    if value == UNCLASSIFIED:  # a system of the vendor, in use, never classified
        unclassified = AiSystem.objects.filter(vendor=OuterRef("pk"), archived_at__isnull=True).exclude(
            Exists(Classification.objects.filter(ai_system=OuterRef("pk")))
        )
        return queryset.filter(Exists(unclassified))
    return queryset.filter(Exists(_current(risk_tier=value, **active)))


def register() -> None:
    register_list_extra(
        AI_SYSTEMS,
        ListExtra(
            key="risk_tier",
            label="Risk tier",
            template="assessments/_tier_cell.html",
            values=system_tiers,
            filters={
                "risk_tier": django_filters.ChoiceFilter(
                    label="Risk tier", choices=TIER_CHOICES, empty_label="Any", method=filter_system_tier
                )
            },
            order=10,
        ),
    )
    register_list_extra(
        VENDORS,
        ListExtra(
            key="worst_tier",
            label="Worst risk tier",
            template="assessments/_tier_cell.html",
            values=worst_tiers,
            filters={
                "risk_tier": django_filters.ChoiceFilter(
                    label="Has a system", choices=TIER_CHOICES, empty_label="Any tier", method=filter_vendor_tier
                )
            },
            order=10,
        ),
    )
