"""Open red flags on the vendor and AI system lists, and document completeness on the AI system list."""

from __future__ import annotations

from dataclasses import dataclass

import django_filters
from django.db.models import Count, Exists, OuterRef

from assessments.models import Classification
from compliance import catalogue
from compliance.models import DocumentRequest, FlagState, RedFlag, RequestStatus, subject_key_of
from core.filters import AnyYesNo
from vendors.list_extras import AI_SYSTEMS, VENDORS, ListExtra, register_list_extra

SETTLED = (RequestStatus.VERIFIED, RequestStatus.WAIVED)  # nothing more to collect


@dataclass(frozen=True)
class Completeness:
    settled: int  # required documents verified or waived
    required: int

    @property
    def complete(self) -> bool:
        return self.settled == self.required


def _open_flag_counts(rows: list, field: str) -> dict[int, int]:
    flags = RedFlag.objects.filter(**{f"{field}__in": rows}, state=FlagState.OPEN).order_by()
    return dict(flags.values(field).annotate(n=Count("pk")).values_list(field, "n"))


def _open_flag_filter(field: str) -> django_filters.BooleanFilter:
    def narrow(queryset, name, value):
        open_flags = Exists(RedFlag.objects.filter(**{field: OuterRef("pk")}, state=FlagState.OPEN))
        return queryset.filter(open_flags) if value else queryset.exclude(open_flags)

    return django_filters.BooleanFilter(label="Open red flags", method=narrow, widget=AnyYesNo)


def document_completeness(systems: list) -> dict[int, Completeness]:
    """Per system, how many of the documents it requires are verified or waived (three queries for any page)."""
    if not systems:
        return {}
    classifications = {
        c.ai_system_id: c for c in Classification.objects.current_for_systems().filter(ai_system__in=systems)
    }
    keys = {subject_key_of(ai_system=s) for s in systems} | {subject_key_of(vendor=s.vendor) for s in systems}
    statuses = DocumentRequest.objects.filter(organisation_id=systems[0].organisation_id, subject_key__in=keys)
    status_of = {
        (key, code): status for key, code, status in statuses.values_list("subject_key", "document_type", "status")
    }
    result = {}
    for system in systems:
        required = catalogue.required_for(system, classifications.get(system.pk))
        settled = 0
        for document in required:
            key = subject_key_of(vendor=system.vendor) if document.vendor_level else subject_key_of(ai_system=system)
            settled += status_of.get((key, document.code)) in SETTLED
        result[system.pk] = Completeness(settled, len(required))
    return result


def register() -> None:
    register_list_extra(
        AI_SYSTEMS,
        ListExtra(
            key="open_flags",
            label="Open red flags",
            template="compliance/_open_flags_cell.html",
            values=lambda systems: _open_flag_counts(systems, "ai_system"),
            filters={"open_flags": _open_flag_filter("ai_system")},
            order=20,
        ),
    )
    register_list_extra(
        AI_SYSTEMS,
        ListExtra(
            key="documents",
            label="Documents",
            template="compliance/_completeness_cell.html",
            values=document_completeness,
            order=30,
        ),
    )
    register_list_extra(
        VENDORS,
        ListExtra(
            key="open_flags",
            label="Open red flags",
            template="compliance/_open_flags_cell.html",
            values=lambda vendors: _open_flag_counts(vendors, "vendor"),
            filters={"open_flags": _open_flag_filter("vendor")},
            order=20,
        ),
    )
