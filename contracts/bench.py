"""Benchmark of the contracts list over 5,000 contracts, and of the allocation schedule PDF of a contract
covering 20 classified systems against the floor of bare WeasyPrint on the same HTML."""

from __future__ import annotations

import datetime as dt
import io
import statistics
import time
import tracemalloc
from collections.abc import Callable

from django.db import connection
from django.urls import reverse

from assessments.bench import ANSWER_SETS
from assessments.models import Classification
from assessments.rulepack import default_pack
from assessments.services import classify
from contracts.models import ClauseState, ClauseStatus, Contract
from contracts.schedule import allocation_rows, schedule_html, write_pdf
from contracts.services import clauses_sync
from core.bench import BenchContext, Measurement, measure, register
from vendors.bench import BATCH_SIZE
from vendors.models import AiSystem, Vendor

SCHEDULE_SYSTEMS = 20
SCHEDULE_RESULTS = ("HR screening, deployer (high-risk)", "frontier GPAI model (systemic risk)")
STATES = (ClauseState.MISSING, ClauseState.PRESENT, ClauseState.PRESENT, ClauseState.NEGOTIATING)


def _contracts(context: BenchContext, count: int) -> None:
    vendors = Vendor.objects.bulk_create(
        (
            Vendor(organisation=context.organisation, legal_name=f"Contract vendor {i:05d}", country="DE")
            for i in range(context.count(500))
        ),
        batch_size=BATCH_SIZE,
    )
    systems = AiSystem.objects.bulk_create(
        (
            AiSystem(organisation=context.organisation, vendor=vendor, name=f"Contracted {i:05d}", intended_purpose="x")
            for i, vendor in enumerate(vendors)
        ),
        batch_size=BATCH_SIZE,
    )
    today = dt.date.today()
    contracts = Contract.objects.bulk_create(
        (
            Contract(
                organisation=context.organisation,
                vendor=vendors[i % len(vendors)],
                title=f"Agreement {i:05d}",
                starts_on=today - dt.timedelta(days=400 + i % 300),
                ends_on=today + dt.timedelta(days=i % 700 - 100),
                auto_renews=i % 3 == 0,
                missing_mandatory=i % 4,
            )
            for i in range(count)
        ),
        batch_size=BATCH_SIZE,
    )
    through = Contract.systems.through
    through.objects.bulk_create(
        (through(contract_id=c.pk, aisystem_id=systems[i % len(systems)].pk) for i, c in enumerate(contracts)),
        batch_size=BATCH_SIZE,
    )
    ClauseStatus.objects.bulk_create(
        (
            ClauseStatus(
                organisation=context.organisation,
                contract=contract,
                clause_code=code,
                severity="major",
                state=STATES[(i + j) % len(STATES)],
            )
            for i, contract in enumerate(contracts)
            for j, code in enumerate(("incident_cooperation", "audit_rights", "log_access_and_retention"))
        ),
        batch_size=BATCH_SIZE,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Contract._meta.db_table}, {through._meta.db_table}")


def _schedule_contract(context: BenchContext) -> Contract:
    """One contract covering 20 systems with real classification results, and its checklist."""
    vendor = Vendor.objects.create(organisation=context.organisation, legal_name="Schedule vendor", country="DE")
    systems = AiSystem.objects.bulk_create(
        AiSystem(organisation=context.organisation, vendor=vendor, name=f"Scheduled {i:02d}", intended_purpose="x")
        for i in range(SCHEDULE_SYSTEMS)
    )
    pack = default_pack()
    results = [(ANSWER_SETS[name], classify(answers=ANSWER_SETS[name])) for name in SCHEDULE_RESULTS]
    Classification.objects.bulk_create(
        Classification(
            organisation=context.organisation,
            ai_system=system,
            answers=results[i % 2][0],
            timeline="omnibus-2026",
            result=results[i % 2][1],
            risk_tier=results[i % 2][1]["risk_tier"],
            pack_id=pack.id,
            pack_version=pack.version,
            pack_sha256=pack.sha256,
        )
        for i, system in enumerate(systems)
    )
    contract = Contract.objects.create(
        organisation=context.organisation, vendor=vendor, title="Schedule benchmark", starts_on=dt.date(2026, 1, 1)
    )
    contract.systems.set(systems)
    clauses_sync(contract)
    return Contract.objects.select_related("organisation", "vendor").get(pk=contract.pk)


def _interleaved(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, tuple[float, float]]:
    """Median milliseconds of each action, run in turn so that a busy machine slows them alike, and the
    peak traced memory (MiB) of one more run of each."""
    for action in actions.values():
        action()
    timings: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            timings[name].append((time.perf_counter() - start) * 1000)
    figures = {}
    for name, action in actions.items():
        tracemalloc.start()
        action()
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        figures[name] = (statistics.median(timings[name]), peak)
    return figures


@register("contracts")
def contracts_section(context: BenchContext) -> list[Measurement]:
    count = context.count(5_000)
    _contracts(context, count)
    url = reverse("contracts:contract_list")
    measurements = [
        context.page(f"contracts list ({count:,} contracts)", url),
        context.page("contracts list, page 20", f"{url}?page=20"),
        context.page("contracts list, missing clauses, by vendor", f"{url}?missing=true&sort=vendor"),
        context.page("contracts list, expiring", f"{url}?expiring=true"),
    ]
    contract = _schedule_contract(context)
    measurements.append(context.page("contract page (20 systems)", contract.get_absolute_url()))
    runs = max(3, context.runs // 2)
    html = schedule_html(contract, list(allocation_rows([contract])))

    def ours() -> None:
        write_pdf(contract, io.BytesIO())

    def floor() -> None:
        from weasyprint import HTML

        HTML(string=html).write_pdf(io.BytesIO())

    figures = _interleaved({"ours": ours, "floor": floor}, runs)
    (ours_ms, ours_peak), (floor_ms, floor_peak) = figures["ours"], figures["floor"]
    rows = len(list(allocation_rows([contract])))
    queries = measure("schedule queries", lambda: list(allocation_rows([contract])), 1).queries
    measurements += [
        Measurement(
            f"allocation schedule PDF, {SCHEDULE_SYSTEMS} systems, {rows} rows (peak {ours_peak:.1f} MiB, "
            f"{ours_ms / floor_ms:.2f}x the floor)",
            ours_ms,
            queries,
            budget_ms=floor_ms * 1.3,
        ),
        Measurement(f"bare WeasyPrint, same HTML (floor; peak {floor_peak:.1f} MiB)", floor_ms, 0),
    ]
    return measurements
