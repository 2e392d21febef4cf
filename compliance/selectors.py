"""Reads: the document state of a subject, the facts red-flag rules look at, and list querysets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

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


def system_key_of(system) -> str:
    return subject_key_of(ai_system=system)


def vendor_key_of(vendor) -> str:
    return subject_key_of(vendor=vendor)


def _registry_for(documents) -> dict[str, NotifiedBody]:
    numbers = {
        normalise_notified_body_number(d.notified_body_number)
        for d in documents
        if d.has_facts and d.notified_body_number.strip()
    }
    return {body.number: body for body in NotifiedBody.objects.filter(number__in=numbers)} if numbers else {}


@dataclass
class FactsBatch:
    """What the rules read about many subjects of one organisation, each kind of row read in one query."""

    today: dt.date
    requests: dict[str, dict[str, DocumentRequest]]  # subject key → document type → request
    classifications: dict[int, Classification]  # system id → current classification (absent: unclassified)
    registry: dict[str, NotifiedBody]
    extra: dict[str, dict]  # subject key → loader name → value

    def system_facts(self, system) -> Facts:
        requests = self.requests[system_key_of(system)]
        vendor_requests = self.requests[vendor_key_of(system.vendor)]
        classification = self.classifications.get(system.pk)
        return Facts(
            scope=SYSTEM,
            today=self.today,
            vendor=system.vendor,
            system=system,
            classification=classification,
            required=frozenset(r.code for r in catalogue.required_for(system, classification)),
            requests=requests,
            documents=held_documents(requests),
            vendor_requests=vendor_requests,
            vendor_documents=held_documents(vendor_requests),
            registry=self.registry,
            extra=self.extra[system_key_of(system)],
        )

    def vendor_facts(self, vendor) -> Facts:
        requests = self.requests[vendor_key_of(vendor)]
        return Facts(
            scope=VENDOR,
            today=self.today,
            vendor=vendor,
            requests=requests,
            documents=held_documents(requests),
            registry=self.registry,
            extra=self.extra[vendor_key_of(vendor)],
        )


def facts_batch(organisation, systems: list, vendors: list, *, classifications: dict | None = None) -> FactsBatch:
    """Read the facts of these systems (with their vendors' vendor-level documents) and vendors in bulk.

    `classifications` (system id → classification) when the caller holds them already, e.g. one just saved.
    """
    keys = {vendor_key_of(v) for v in vendors}
    for system in systems:
        keys |= {system_key_of(system), vendor_key_of(system.vendor)}
    requests = requests_by_subject(organisation, keys)
    if classifications is None:
        current = Classification.objects.current_for_systems().filter(ai_system__in=[s.pk for s in systems])
        classifications = {c.ai_system_id: c for c in current} if systems else {}
    held = [d for by_type in requests.values() for d in held_documents(by_type).values()]
    return FactsBatch(
        today=today_in(organisation.time_zone),
        requests=requests,
        classifications=classifications,
        registry=_registry_for(held),
        extra=load_extra(organisation, systems, vendors),
    )


def system_facts(system, classification=None) -> Facts:
    """One system's facts (`classification` when the caller holds the current one already)."""
    known = {system.pk: classification} if classification is not None else None
    return facts_batch(system.organisation, [system], [], classifications=known).system_facts(system)


def vendor_facts(vendor) -> Facts:
    return facts_batch(vendor.organisation, [], [vendor]).vendor_facts(vendor)


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


def live_flags_by_subject(organisation, subject_keys: Iterable[str]) -> dict[str, dict[str, RedFlag]]:
    """Subject key → code → open or accepted flag, for many subjects in one locking read."""
    keys = list(subject_keys)
    by_subject: dict[str, dict[str, RedFlag]] = {key: {} for key in keys}
    rows = RedFlag.objects.filter(organisation=organisation, subject_key__in=keys).exclude(state=FlagState.RESOLVED)
    for flag in rows.select_for_update():
        by_subject[flag.subject_key][flag.code] = flag
    return by_subject


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
