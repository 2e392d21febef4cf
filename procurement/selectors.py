"""Reads of procurement requests: who sees which, and the board."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from core.access import reads_own_requests_only
from core.models import Membership
from procurement.models import Decision, ProcurementRequest


def requests_visible_to(membership: Membership) -> QuerySet[ProcurementRequest]:
    """The organisation's requests; a requester sees only the ones they opened (DESIGN's "own requests")."""
    queryset = ProcurementRequest.objects.filter(organisation=membership.organisation).select_related(
        "ai_system__vendor", "organisation", "requested_by__user"
    )
    if reads_own_requests_only(membership):
        queryset = queryset.filter(requested_by=membership)
    return queryset


def decision_counts(membership: Membership) -> dict[str, int]:
    """How many of the requests the member sees were decided each way, by the decision's words."""
    rows = requests_visible_to(membership).exclude(decision="").values("decision").annotate(n=Count("pk"))
    return {Decision(row["decision"]).label: row["n"] for row in rows.order_by("decision")}
