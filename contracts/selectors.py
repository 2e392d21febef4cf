"""Reads of the contracts app: the contracts covering a system, and what blocks its approval."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from assessments.selectors import current_classification
from contracts.library import default_library
from contracts.models import SETTLED_STATES, ClauseStatus, Contract
from core.dates import today_in
from core.gaps import Gap
from vendors.models import AiSystem

EXPIRING_WITHIN_DAYS = 90


def contract_required(result: dict | None) -> bool:
    """A high-risk or GPAI-based system needs a recorded contract (Art 25(4), Art 26, Art 53)."""
    if not result:
        return False
    return result.get("risk_tier") == "high_risk" or (result.get("gpai") or {}).get("is_gpai") is True


def contracts_of(system: AiSystem) -> QuerySet:
    return Contract.objects.filter(organisation_id=system.organisation_id, systems=system).select_related("vendor")


def contract_gaps(system: AiSystem) -> list[Gap]:
    """What about the system's contracts should block its approval (for procurement's gates).

    `contract_missing` when a contract is required and none is in force; `contract_expired`
    when every contract covering it has ended; `clause_missing:<clause_code>` for each
    required clause of a contract in force that is neither present nor waived.
    """
    today = today_in(system.organisation.time_zone)
    contracts = list(contracts_of(system))
    current = [contract for contract in contracts if contract.is_current_on(today)]
    gaps = []
    if not current:
        if contracts and all(c.ends_on is not None and c.ends_on < today for c in contracts):
            gaps.append(Gap("contract_expired", f"Every contract covering {system} has ended.", "major"))
        elif contract_required(_result_of(system)):
            gaps.append(Gap("contract_missing", f"No contract in force covers {system}.", "major"))
        return gaps
    library = default_library()
    open_clauses = (
        ClauseStatus.objects.filter(contract__in=current, required=True)
        .exclude(state__in=SETTLED_STATES)
        .order_by("clause_code")
    )
    seen = set()
    for row in open_clauses:
        if row.clause_code in seen:
            continue
        seen.add(row.clause_code)
        clause = library.clause(row.clause_code)
        title = clause.title if clause else row.clause_code
        gaps.append(Gap(f"clause_missing:{row.clause_code}", f"The contract lacks the clause “{title}”.", row.severity))
    return gaps


def _result_of(system: AiSystem) -> dict | None:
    classification = current_classification(system)
    return classification.result if classification else None


def contract_list(organisation) -> QuerySet:
    """The organisation's contracts for the list page, with the counts it shows, in one query."""
    # A correlated count, computed for the page's rows only (a join with GROUP BY would group every contract).
    covered = (
        Contract.systems.through.objects.filter(contract=OuterRef("pk"))
        .order_by()
        .values("contract")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Contract.objects.filter(organisation=organisation)
        .select_related("vendor")
        .annotate(system_count=Coalesce(Subquery(covered), 0))
    )


def expiring(queryset: QuerySet, today: dt.date, within_days: int = EXPIRING_WITHIN_DAYS) -> QuerySet:
    """Contracts whose term ends (or whose notice date falls) within the coming days, not yet ended."""
    return queryset.filter(ends_on__gte=today, ends_on__lte=today + dt.timedelta(days=within_days))


def missing_clauses(queryset: QuerySet) -> QuerySet:
    return queryset.filter(missing_mandatory__gt=0)


def current_contracts(queryset: QuerySet, today: dt.date) -> QuerySet:
    return queryset.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today) | Q(auto_renews=True), starts_on__lte=today)
