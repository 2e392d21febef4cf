"""Benchmark of the compliance pages over 10,000 classified AI systems: the dashboard's organisation
overview, the document and red flag lists, and an AI system page with its documents panel; and the
cost of editing a vendor with 200 high-risk systems (section "vendor edit")."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from assessments.bench import ANSWER_SETS
from assessments.models import Classification
from assessments.rulepack import default_pack
from assessments.services import classify
from compliance import catalogue, services
from compliance.models import DocumentRequest, FlagState, RedFlag, RequestStatus, subject_key_of
from compliance.red_flags import rule_for
from core.bench import BenchContext, Measurement, measure, register
from vendors.bench import BATCH_SIZE
from vendors.models import AiSystem, Vendor

# The answer sets whose results the systems get, in turn; every UNCLASSIFIED_EVERY-th system has none.
RESULTS_FROM = (
    "HR screening, deployer (high-risk)",
    "medical device safety component (Annex I)",
    "support chatbot (limited risk)",
    "nothing answered (minimal risk)",
    "social scoring (prohibited)",
    "frontier GPAI model (systemic risk)",
)
UNCLASSIFIED_EVERY = 7
STATUSES = (RequestStatus.REQUESTED, RequestStatus.RECEIVED, RequestStatus.VERIFIED, RequestStatus.REQUESTED)
FLAG_CODES = ("declaration_missing", "ce_marking_missing", "declaration_unsigned", "certificate_expiring")


def _systems(context: BenchContext, vendor_count: int, system_count: int) -> list[AiSystem]:
    """Own vendors and systems: the registry section may have seeded this organisation with its names already."""
    vendors = Vendor.objects.bulk_create(
        (
            Vendor(organisation=context.organisation, legal_name=f"Compliance vendor {i:05d}", country="DE")
            for i in range(vendor_count)
        ),
        batch_size=BATCH_SIZE,
    )
    return AiSystem.objects.bulk_create(
        (
            AiSystem(
                organisation=context.organisation,
                vendor=vendors[i % vendor_count],
                name=f"Compliance system {i:06d}",
                intended_purpose="Benchmark system.",
            )
            for i in range(system_count)
        ),
        batch_size=BATCH_SIZE,
    )


def _classifications(context: BenchContext, systems: list[AiSystem]) -> list[Classification]:
    """A handful of distinct results (from the real engine) spread over the systems, written in bulk."""
    pack = default_pack()
    results = [(ANSWER_SETS[name], classify(answers=ANSWER_SETS[name])) for name in RESULTS_FROM]
    rows = []
    for index, system in enumerate(systems):
        if index % UNCLASSIFIED_EVERY == UNCLASSIFIED_EVERY - 1:
            continue
        answers, result = results[index % len(results)]
        rows.append(
            Classification(
                organisation=context.organisation,
                ai_system=system,
                answers=answers,
                timeline="omnibus-2026",
                result=result,
                risk_tier=result["risk_tier"],
                pack_id=pack.id,
                pack_version=pack.version,
                pack_sha256=pack.sha256,
            )
        )
    return Classification.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _requests_and_flags(context: BenchContext, classifications: list[Classification]) -> None:
    """Each system's required documents in mixed states, and a few flags, as months of work would leave them."""
    today = timezone.localdate()
    requests, flags = [], []
    for index, classification in enumerate(classifications):
        system = classification.ai_system
        key = subject_key_of(ai_system=system)
        for offset, code in enumerate(classification.result["required_documents"]):
            if catalogue.is_vendor_level(code):
                continue
            requests.append(
                DocumentRequest(
                    organisation=context.organisation,
                    document_type=code,
                    ai_system=system,
                    vendor_id=system.vendor_id,
                    subject_key=key,
                    status=STATUSES[(index + offset) % len(STATUSES)],
                    requested_at=timezone.now(),
                    due_date=today + dt.timedelta(days=(index + offset) % 40 - 20),
                )
            )
        if classification.risk_tier == "high_risk":
            flags += [_flag(context, system, key, rule_for(code)) for code in FLAG_CODES[: 1 + index % 4]]
    DocumentRequest.objects.bulk_create(requests, batch_size=BATCH_SIZE)
    RedFlag.objects.bulk_create(flags, batch_size=BATCH_SIZE)


def _flag(context: BenchContext, system: AiSystem, key: str, rule) -> RedFlag:
    return RedFlag(
        organisation=context.organisation,
        ai_system=system,
        vendor_id=system.vendor_id,
        subject_key=key,
        code=rule.code,
        severity=rule.severity,
        state=FlagState.OPEN,
        citation=rule.citation,
        message=rule.message,
        action=rule.action,
        opened_at=timezone.now(),
    )


def _analyse() -> None:
    if connection.vendor == "postgresql":
        models = (Vendor, AiSystem, Classification, DocumentRequest, RedFlag)
        tables = ", ".join(model._meta.db_table for model in models)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")


@register("compliance")
def compliance_pages(context: BenchContext) -> list[Measurement]:
    system_count = context.count(10_000)
    classifications = _classifications(context, _systems(context, context.count(1_000), system_count))
    _requests_and_flags(context, classifications)
    # One high-risk system worked on through the services, so its panel shows vendor-level requests too.
    opened = next(c.ai_system for c in classifications if c.risk_tier == "high_risk")
    services.document_requests_create_missing(actor=context.actor, ai_system=opened)
    _analyse()
    documents, flags = reverse("compliance:document_list"), reverse("compliance:red_flag_list")
    requests = DocumentRequest.objects.filter(organisation=context.organisation).count()
    open_flags = RedFlag.objects.filter(organisation=context.organisation).count()
    return [
        context.page(f"dashboard overview ({system_count:,} systems)", reverse("dashboard")),
        context.page(f"document list ({requests:,} requests)", documents),
        context.page("document list, requested, page 20", f"{documents}?status=requested&page=20"),
        context.page(f"red flag list ({open_flags:,} flags)", flags),
        context.page("red flag list, open critical", f"{flags}?severity=critical&state=open"),
        context.page("AI system page with documents panel", opened.get_absolute_url()),
    ]


# Issue 9: a vendor edit costs what it changes, not what the vendor has.
VENDOR_EDIT_SYSTEMS = 200


def _vendor_with_high_risk_systems(context: BenchContext) -> Vendor:
    vendor = Vendor.objects.create(organisation=context.organisation, legal_name="Edited vendor GmbH", country="DE")
    systems = AiSystem.objects.bulk_create(
        AiSystem(organisation=context.organisation, vendor=vendor, name=f"Edited vendor system {i:03d}")
        for i in range(VENDOR_EDIT_SYSTEMS)
    )
    _classifications(context, systems[:1])  # one through the engine: the others copy its high-risk result
    copy_classification(Classification.objects.get(ai_system=systems[0]), systems[1:])
    return vendor


def copy_classification(model: Classification, systems: list[AiSystem]) -> list[Classification]:
    """The same answers and result for many systems, written in bulk (tests and benchmarks)."""
    return Classification.objects.bulk_create(
        Classification(
            organisation_id=system.organisation_id,
            ai_system=system,
            answers=model.answers,
            timeline=model.timeline,
            result=model.result,
            risk_tier=model.risk_tier,
            pack_id=model.pack_id,
            pack_version=model.pack_version,
            pack_sha256=model.pack_sha256,
        )
        for system in systems
    )


@register("vendor edit")
def vendor_edit(context: BenchContext) -> list[Measurement]:
    """PATCH /api/v1/vendors/{id}/ of a vendor with 200 high-risk systems (budgets: 40 and 60 queries)."""
    vendor = _vendor_with_high_risk_systems(context)
    url = reverse("vendor-detail", args=[vendor.pk])
    edits = iter(range(1_000_000))

    def patch(data: dict) -> None:
        response = context.client.patch(url, data, content_type="application/json")
        if response.status_code != 200:
            raise RuntimeError(f"PATCH {url} answered {response.status_code}, not 200")

    def notes() -> None:
        patch({"notes": f"Renewal call {next(edits)}"})

    def country() -> None:
        patch({"country": "US" if next(edits) % 2 else "DE"})

    def queued_task() -> None:
        # Each run moves the vendor in or out of the EU, so 200 flags open or resolve: the task's real work.
        Vendor.objects.filter(pk=vendor.pk).update(country="US" if next(edits) % 2 else "DE")
        services.red_flags_reevaluate_registry_object("vendor", vendor.pk)

    return [
        measure(f"notes-only edit, {VENDOR_EDIT_SYSTEMS} systems (budget 40 queries)", notes, context.runs),
        measure(f"country change, {VENDOR_EDIT_SYSTEMS} systems (budget 60 queries)", country, context.runs),
        measure(f"queued task after a country change, {VENDOR_EDIT_SYSTEMS} flags", queued_task, context.runs),
    ]
