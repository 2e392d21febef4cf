"""Reads: the document state of a subject, the facts red-flag rules look at, and list querysets."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from assessments.models import Classification
from compliance import catalogue
from compliance.models import (
    HELD_STATUSES,
    NOT_REQUESTED,
    REQUESTABLE_STATUSES,
    Document,
    DocumentRequest,
    FlagState,
    NotifiedBody,
    RedFlag,
    RequestStatus,
    subject_key_of,
)
from compliance.red_flags import SYSTEM, VENDOR, Facts, normalise_notified_body_number
from vendors.models import AiSystem

REVIEW_DUE_WITHIN_DAYS = 30


def today_for(organisation) -> dt.date:
    """Today in the organisation's time zone: due dates and expiries are calendar days there."""
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(organisation.time_zone))


def requests_of(organisation, subject_key: str) -> dict[str, DocumentRequest]:
    current = Prefetch(
        "documents", queryset=Document.objects.filter(superseded_by__isnull=True), to_attr="current_documents"
    )
    rows = (
        DocumentRequest.objects.filter(organisation=organisation, subject_key=subject_key)
        .select_related("waived_by__user")  # the system page names who waived
        .prefetch_related(current, "documents__request")
    )
    return {row.document_type: row for row in rows}


def current_document(request: DocumentRequest) -> Document | None:
    documents = getattr(request, "current_documents", None)
    if documents is None:
        return request.documents.filter(superseded_by__isnull=True).first()
    return documents[0] if documents else None


def held_documents(requests: dict[str, DocumentRequest]) -> dict[str, Document]:
    held = {}
    for code, request in requests.items():
        document = current_document(request) if request.status in HELD_STATUSES else None
        if document is not None:
            held[code] = document
    return held


def _registry_for(documents) -> dict[str, NotifiedBody]:
    numbers = {
        normalise_notified_body_number(d.notified_body_number)
        for d in documents
        if d.has_facts and d.notified_body_number.strip()
    }
    return {body.number: body for body in NotifiedBody.objects.filter(number__in=numbers)} if numbers else {}


def system_facts(system, classification=None, today: dt.date | None = None) -> Facts:
    classification = classification or catalogue.current_classification(system)
    requests = requests_of(system.organisation, subject_key_of(ai_system=system))
    vendor_requests = requests_of(system.organisation, subject_key_of(vendor=system.vendor))
    documents = held_documents(requests)
    return Facts(
        scope=SYSTEM,
        today=today or today_for(system.organisation),
        vendor=system.vendor,
        system=system,
        classification=classification,
        required=frozenset(r.code for r in catalogue.required_documents(system, classification)),
        requests=requests,
        documents=documents,
        vendor_requests=vendor_requests,
        vendor_documents=held_documents(vendor_requests),
        registry=_registry_for(documents.values()),
    )


def vendor_facts(vendor, today: dt.date | None = None) -> Facts:
    requests = requests_of(vendor.organisation, subject_key_of(vendor=vendor))
    documents = held_documents(requests)
    return Facts(
        scope=VENDOR,
        today=today or today_for(vendor.organisation),
        vendor=vendor,
        requests=requests,
        documents=documents,
        registry=_registry_for(documents.values()),
    )


# The AI system page ----------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentRow:
    """One required (or formerly requested) document of a system, as the panel shows it."""

    code: str
    label: str
    vendor_level: bool
    required: bool
    request: DocumentRequest | None
    document: Document | None

    @property
    def state(self) -> str:
        return self.request.status if self.request else NOT_REQUESTED

    @property
    def state_label(self) -> str:
        return RequestStatus(self.request.status).label if self.request else "Not requested"


def document_rows(system, classification=None) -> list[DocumentRow]:
    required = catalogue.required_documents(system, classification)
    system_requests = requests_of(system.organisation, subject_key_of(ai_system=system))
    vendor_requests = requests_of(system.organisation, subject_key_of(vendor=system.vendor))

    def row(code: str, vendor_level: bool, is_required: bool) -> DocumentRow:
        request = (vendor_requests if vendor_level else system_requests).get(code)
        document = current_document(request) if request else None
        return DocumentRow(code, catalogue.label(code), vendor_level, is_required, request, document)

    rows = [row(r.code, r.vendor_level, True) for r in required]
    required_codes = {r.code for r in required}
    # Documents requested earlier that the current classification no longer needs stay visible as evidence.
    rows += [row(code, False, False) for code in system_requests if code not in required_codes]
    return rows


def missing_codes(rows: list[DocumentRow]) -> list[str]:
    return [r.code for r in rows if r.required and (r.request is None or r.request.status in REQUESTABLE_STATUSES)]


def live_flags(organisation, **subject) -> QuerySet[RedFlag]:
    return RedFlag.objects.filter(organisation=organisation, **subject).exclude(state=FlagState.RESOLVED)


def reviews_due(system, today: dt.date) -> list[Document]:
    horizon = today + dt.timedelta(days=REVIEW_DUE_WITHIN_DAYS)
    return list(
        Document.objects.filter(
            request__ai_system=system,
            request__status=RequestStatus.VERIFIED,
            superseded_by__isnull=True,
            next_review_on__lte=horizon,
        ).select_related("request")
    )


# Lists -----------------------------------------------------------------------------------


def requests_for_list(organisation) -> QuerySet[DocumentRequest]:
    return DocumentRequest.objects.filter(organisation=organisation).select_related("ai_system", "vendor")


def flags_for_list(organisation) -> QuerySet[RedFlag]:
    return RedFlag.objects.filter(organisation=organisation).select_related("ai_system", "vendor")


# The organisation overview (dashboard) ---------------------------------------------------


@dataclass(frozen=True)
class Overview:
    """Counts for the dashboard, each read with one GROUP BY query whatever the number of rows."""

    systems: int
    tiers: dict[str, int]  # risk tier → active systems whose current classification has it
    documents: dict[str, int]  # request status → requests
    open_flags: dict[str, int]  # severity → open flags

    @property
    def unclassified(self) -> int:
        # Every classified active system has exactly one current classification.
        return self.systems - sum(self.tiers.values())


def _grouped(queryset: QuerySet, field: str) -> dict[str, int]:
    return dict(queryset.order_by().values(field).annotate(n=Count("pk")).values_list(field, "n"))


def organisation_overview(organisation) -> Overview:
    active = AiSystem.objects.filter(organisation=organisation, archived_at__isnull=True)
    current = Classification.objects.current_for_systems().filter(
        organisation=organisation, ai_system__archived_at__isnull=True
    )
    return Overview(
        systems=active.count(),
        tiers=_grouped(current, "risk_tier"),
        documents=_grouped(DocumentRequest.objects.filter(organisation=organisation), "status"),
        open_flags=_grouped(RedFlag.objects.filter(organisation=organisation, state=FlagState.OPEN), "severity"),
    )
