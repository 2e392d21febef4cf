"""Benchmarks of procurement (issue 14): the board over 5,000 requests (constant queries), gate evaluation
of one request with 30 documents, 15 clauses and 12 duties (bounded queries), and the XLSX export of
10,000 vendors (under 10 s, write-only)."""

from __future__ import annotations

import datetime as dt
import io

from django.db import connection
from django.urls import reverse

from assessments.models import Classification, RiskTier
from compliance.models import DocumentRequest, RequestStatus, subject_key_of
from contracts.models import ClauseState, ClauseStatus, Contract
from core.bench import BenchContext, Measurement, measure, register
from core.exporters import ExportScope, exporter_for, write_xlsx
from duties.models import Duty
from procurement import gates
from procurement.models import ProcurementRequest
from procurement.views import BOARD_PAGE_SIZE
from vendors.models import AiSystem, Vendor

BATCH_SIZE = 2000
EXPORT_BUDGET_MS = 10_000.0
TIERS = (RiskTier.MINIMAL_RISK, RiskTier.LIMITED_RISK, RiskTier.HIGH_RISK, None)


def _classification(system: AiSystem, tier: str, documents: list[str]) -> Classification:
    return Classification(
        organisation=system.organisation,
        ai_system=system,
        answers={},
        timeline="omnibus-2026",
        result={"risk_tier": tier, "required_documents": documents},
        risk_tier=tier,
        pack_id="bench",
        pack_version="bench",
        pack_sha256="0" * 64,
    )


def seed_requests(context: BenchContext, count: int, prefix: str) -> None:
    """`count` open requests over as many systems, a quarter each minimal, limited, high-risk and unclassified."""
    organisation = context.organisation
    vendors = Vendor.objects.bulk_create(
        (Vendor(organisation=organisation, legal_name=f"{prefix} vendor {i:05d}", country="DE") for i in range(50)),
        batch_size=BATCH_SIZE,
    )
    systems = AiSystem.objects.bulk_create(
        (
            AiSystem(
                organisation=organisation,
                vendor=vendors[i % len(vendors)],
                name=f"{prefix} system {i:05d}",
                intended_purpose="Benchmark.",
            )
            for i in range(count)
        ),
        batch_size=BATCH_SIZE,
    )
    Classification.objects.bulk_create(
        (
            _classification(system, TIERS[i % len(TIERS)], list(gates.ALWAYS_FOR_HIGH_RISK))
            for i, system in enumerate(systems)
            if TIERS[i % len(TIERS)] is not None
        ),
        batch_size=BATCH_SIZE,
    )
    ProcurementRequest.objects.bulk_create(
        (
            ProcurementRequest(
                organisation=organisation,
                ai_system=system,
                requested_by=context.owner,
                business_need="Benchmark need.",
                intended_users="Benchmark users.",
            )
            for system in systems
        ),
        batch_size=BATCH_SIZE,
    )
    _analyse(ProcurementRequest, AiSystem, Classification)


def _analyse(*models) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(model._meta.db_table for model in models))


@register("procurement")
def procurement_section(context: BenchContext) -> list[Measurement]:
    measurements = []
    board = reverse("procurement:board")
    small = max(1, context.count(5_000) // 10)
    seed_requests(context, small, "small")
    measurements.append(context.page(f"board ({small:,} requests)", board))
    seed_requests(context, context.count(5_000) - small, "large")
    total = ProcurementRequest.objects.filter(organisation=context.organisation).count()
    measurements.append(context.page(f"board ({total:,} requests)", board))
    last = -(-total // BOARD_PAGE_SIZE)
    measurements.append(context.page(f"board ({total:,} requests), page {last}", f"{board}?page={last}"))
    measurements.append(_gate_evaluation(context))
    measurements.append(_vendor_export(context))
    return measurements


def _gate_evaluation(context: BenchContext) -> Measurement:
    """One high-risk request whose system has 30 document requests, a contract of 15 clauses and 12 duties."""
    organisation = context.organisation
    vendor = Vendor.objects.create(organisation=organisation, legal_name="Gate vendor", country="DE")
    system = AiSystem.objects.create(organisation=organisation, vendor=vendor, name="Gate system", intended_purpose="x")
    codes = [*gates.ALWAYS_FOR_HIGH_RISK, *gates.WHEN_REQUIRED] + [f"bench_document_{i}" for i in range(26)]
    _classification(system, RiskTier.HIGH_RISK, codes).save()
    DocumentRequest.objects.bulk_create(
        DocumentRequest(
            organisation=organisation,
            ai_system=system,
            vendor=vendor,
            subject_key=subject_key_of(ai_system=system),
            document_type=code,
            status=RequestStatus.VERIFIED if i % 2 else RequestStatus.RECEIVED,
        )
        for i, code in enumerate(codes)
    )
    contract = Contract.objects.create(
        organisation=organisation, vendor=vendor, title="MSA", starts_on=dt.date(2026, 1, 1)
    )
    contract.systems.add(system)
    ClauseStatus.objects.bulk_create(
        ClauseStatus(
            organisation=organisation,
            contract=contract,
            clause_code=f"bench_clause_{i}",
            required=True,
            severity="major",
            state=ClauseState.MISSING if i % 3 == 0 else ClauseState.PRESENT,
        )
        for i in range(15)
    )
    Duty.objects.bulk_create(
        Duty(
            organisation=organisation,
            ai_system=system,
            code=f"bench_duty_{i}",
            article="Art 26",
            record_kind="note",
            pre_use=True,
            catalogue_version="bench",
        )
        for i in range(12)
    )
    request = ProcurementRequest.objects.create(
        organisation=organisation, ai_system=system, business_need="x", intended_users="y"
    )
    request = ProcurementRequest.objects.select_related("ai_system__vendor", "organisation").get(pk=request.pk)
    return measure(
        "gate evaluation (30 documents, 15 clauses, 12 duties)", lambda: gates.evaluate(request), context.runs
    )


def _vendor_export(context: BenchContext) -> Measurement:
    count = context.count(10_000)
    Vendor.objects.bulk_create(
        (
            Vendor(organisation=context.organisation, legal_name=f"Export vendor {i:05d}", country="FR")
            for i in range(count)
        ),
        batch_size=BATCH_SIZE,
    )
    _analyse(Vendor)
    exporter = exporter_for("vendors")
    scope = ExportScope(organisation=context.organisation)
    total = Vendor.objects.filter(organisation=context.organisation).count()

    def export() -> None:
        write_xlsx([(exporter, scope)], io.BytesIO())

    return measure(f"XLSX export of {total:,} vendors", export, max(1, context.runs // 3), budget_ms=EXPORT_BUDGET_MS)
