"""Reads: the document state of a subject, the facts red-flag rules look at, and list querysets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from assessments.models import Classification
from assessments.selectors import current_classification
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
from compliance.red_flags import SYSTEM, VENDOR, Facts, load_extra, normalise_notified_body_number
from core.dates import today_in
from vendors.models import AiSystem

REVIEW_DUE_WITHIN_DAYS = 30


def requests_by_subject(organisation, subject_keys: Iterable[str]) -> dict[str, dict[str, DocumentRequest]]:
    """The requests of several subjects in one read: subject key → document type → request."""
    keys = list(subject_keys)
    current = Prefetch(
        "documents", queryset=Document.objects.filter(superseded_by__isnull=True), to_attr="current_documents"
    )
    rows = (
        DocumentRequest.objects.filter(organisation=organisation, subject_key__in=keys)
        .select_related("waived_by__user")  # the system page names who waived
        .prefetch_related(current, "documents__request")
    )
    by_subject: dict[str, dict[str, DocumentRequest]] = {key: {} for key in keys}
    for row in rows:
        by_subject[row.subject_key][row.document_type] = row
    return by_subject


def requests_of(organisation, subject_key: str) -> dict[str, DocumentRequest]:
    return requests_by_subject(organisation, [subject_key])[subject_key]


def system_and_vendor_requests(system) -> tuple[dict[str, DocumentRequest], dict[str, DocumentRequest]]:
    """A system's own requests and its vendor's vendor-level ones, in one read."""
    system_key, vendor_key = subject_key_of(ai_system=system), subject_key_of(vendor=system.vendor)
    read = requests_by_subject(system.organisation, [system_key, vendor_key])
    return read[system_key], read[vendor_key]


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


def system_key_of(system) -> str:
    return subject_key_of(ai_system=system)


def vendor_key_of(vendor) -> str:
    return subject_key_of(vendor=vendor)


def system_facts(
    system,
    classification=None,
    today: dt.date | None = None,
    *,
    requests: dict[str, DocumentRequest] | None = None,
    vendor_requests: dict[str, DocumentRequest] | None = None,
    extra: dict | None = None,
) -> Facts:
    """A system's facts; `requests`, `vendor_requests` and `extra` when the caller read them for many at once."""
    classification = classification or current_classification(system)
    if requests is None or vendor_requests is None:
        requests, vendor_requests = system_and_vendor_requests(system)
    documents = held_documents(requests)
    return Facts(
        scope=SYSTEM,
        today=today or today_in(system.organisation.time_zone),
        vendor=system.vendor,
        system=system,
        classification=classification,
        required=frozenset(r.code for r in catalogue.required_documents(system, classification)),
        requests=requests,
        documents=documents,
        vendor_requests=vendor_requests,
        vendor_documents=held_documents(vendor_requests),
        registry=_registry_for(documents.values()),
        extra=extra
        if extra is not None
        else load_extra(system.organisation, [system], [])[subject_key_of(ai_system=system)],
    )


def vendor_facts(
    vendor,
    today: dt.date | None = None,
    *,
    requests: dict[str, DocumentRequest] | None = None,
    extra: dict | None = None,
) -> Facts:
    if requests is None:
        requests = requests_of(vendor.organisation, subject_key_of(vendor=vendor))
    documents = held_documents(requests)
    return Facts(
        scope=VENDOR,
        today=today or today_in(vendor.organisation.time_zone),
        vendor=vendor,
        requests=requests,
        documents=documents,
        registry=_registry_for(documents.values()),
        extra=extra
        if extra is not None
        else load_extra(vendor.organisation, [], [vendor])[subject_key_of(vendor=vendor)],
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
    system_requests, vendor_requests = system_and_vendor_requests(system)

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
