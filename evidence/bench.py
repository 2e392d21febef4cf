"""Benchmark of evidence packs: a system pack with many documents and events, and an organisation pack.

The system pack reports total time, the PDF step, peak memory, and bare WeasyPrint on the
same HTML as the floor (target: our PDF step ≤ 1.3× the floor). The organisation pack is
built twice, with few and with many documents, to show that memory stays flat as the
documents grow (their bytes stream through the ZIP in chunks).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from contextlib import contextmanager, suppress
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Classification, RiskTier
from compliance.models import Document, DocumentRequest, RequestStatus, subject_key_of
from core.bench import BenchContext, Measurement, register, seed_audit_chain
from core.models import Organisation
from evidence.builder import build, ordered_exporters, scope_of
from evidence.models import EvidencePack, ScopeKind
from evidence.report import render_html, write_pdf
from vendors.models import AiSystem, Vendor

DOCUMENT_TYPES = (
    "eu_declaration_of_conformity",
    "ce_marking_evidence",
    "technical_documentation_summary",
    "instructions_for_use",
    "notified_body_certificate",
    "eu_database_registration",
    "soc2_report",
    "data_processing_agreement",
)
TIERS = (RiskTier.HIGH_RISK, RiskTier.LIMITED_RISK, RiskTier.MINIMAL_RISK)


def peak_rss_mb() -> float:
    """The process's peak resident memory since the last reset (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak_rss() -> None:
    # Not Linux, or not allowed: the figure is then the peak since the process started.
    with suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


@contextmanager
def private_folder():
    """Documents and packs in a throwaway folder: the rolled-back run must leave no files behind."""
    with tempfile.TemporaryDirectory() as root:
        default = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": root}}
        with override_settings(STORAGES={**settings.STORAGES, "default": default}):
            yield Path(root)


def _organisation(label: str) -> Organisation:
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    return Organisation.objects.create(name=f"Evidence bench {label} {stamp}", slug=f"evidence-{label}-{stamp}")


def _classify(systems: list[AiSystem]) -> None:
    Classification.objects.bulk_create(
        Classification(
            organisation=system.organisation,
            ai_system=system,
            answers={},
            timeline="omnibus-2026",
            result={"risk_tier": TIERS[i % len(TIERS)], "roles": ["deployer"], "obligations": []},
            risk_tier=TIERS[i % len(TIERS)],
            pack_id="eu-ai-act",
            pack_version="bench",
            pack_sha256="0" * 64,
        )
        for i, system in enumerate(systems)
    )


def _requests(systems: list[AiSystem]) -> list[DocumentRequest]:
    return DocumentRequest.objects.bulk_create(
        DocumentRequest(
            organisation=system.organisation,
            ai_system=system,
            vendor=system.vendor,
            subject_key=subject_key_of(ai_system=system),
            document_type=code,
            status=RequestStatus.RECEIVED,
            requested_at=timezone.now(),
        )
        for system in systems
        for code in DOCUMENT_TYPES
    )


def _documents(root: Path, requests: list[DocumentRequest], indexes: range, size: int) -> None:
    """Documents of `size` random bytes, spread over the requests (versions of each type)."""
    documents = []
    for index in indexes:
        request = requests[index % len(requests)]
        content = os.urandom(size)
        name = f"documents/{request.organisation_id}/bench-{index:06d}.pdf"
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
        documents.append(
            Document(
                organisation=request.organisation,
                request=request,
                version=index // len(requests) + 1,
                file=name,
                sha256=hashlib.sha256(content).hexdigest(),
                size=size,
                content_type="application/pdf",
                original_name=f"bench-{index}.pdf",
                received_at=timezone.now(),
            )
        )
    Document.objects.bulk_create(documents, batch_size=1000)


def _systems(organisation: Organisation, count: int) -> list[AiSystem]:
    vendors = Vendor.objects.bulk_create(
        Vendor(organisation=organisation, legal_name=f"Evidence vendor {i:04d}", country="DE")
        for i in range(max(1, count // 10))
    )
    systems = AiSystem.objects.bulk_create(
        AiSystem(
            organisation=organisation,
            vendor=vendors[i % len(vendors)],
            name=f"Evidence system {i:05d}",
            intended_purpose="Benchmark system.",
        )
        for i in range(count)
    )
    _classify(systems)
    return systems


def _pack(organisation: Organisation, system: AiSystem | None = None) -> EvidencePack:
    kind = ScopeKind.SYSTEM if system else ScopeKind.ORGANISATION
    return EvidencePack.objects.create(
        organisation=organisation,
        scope_kind=kind,
        ai_system=system,
        scope_label=str(system or organisation),
        requested_by_label="bench",
        requested_at=timezone.now(),
    )


def _timed_build(pack: EvidencePack) -> tuple[float, float, int, dict]:
    """(seconds, peak RSS MB, queries, seconds per step) of one build into a temporary file."""
    steps: dict[str, float] = {}
    marks = []

    def progress(state: str) -> None:
        marks.append((state, time.perf_counter()))

    reset_peak_rss()
    start = time.perf_counter()
    with tempfile.TemporaryFile() as target, CaptureQueriesContext(connection) as queries:
        build(pack, target, built_by="bench", progress=progress)
    end = time.perf_counter()
    for (state, at), (_, following) in zip(marks, [*marks[1:], ("end", end)], strict=True):
        steps[state] = following - at
    return end - start, peak_rss_mb(), len(queries), steps


@register("evidence system pack")
def system_pack_section(context: BenchContext) -> list[Measurement]:
    with private_folder() as root:
        return _system_pack(context, root)


@register("evidence organisation pack")
def organisation_pack_section(context: BenchContext) -> list[Measurement]:
    with private_folder() as root:
        return _organisation_packs(context, root)


def _system_pack(context: BenchContext, root: Path) -> list[Measurement]:
    organisation = _organisation("system")
    system = _systems(organisation, 1)[0]
    documents, events = context.count(200), context.count(2_000)
    _documents(root, _requests([system]), range(documents), 200 * 1024)
    seed_audit_chain(organisation, events, obj=system)
    pack = _pack(organisation, system)
    _timed_build(pack)  # warm: templates, fonts, imports
    seconds, peak, queries, steps = _timed_build(pack)

    html = render_html(pack, scope_of(pack), ordered_exporters(), {"built_at": timezone.now().isoformat()})
    ours, floor = _pdf_step(pack), _bare_weasyprint(html)
    label = f"system pack, {documents} docs × 200 KB, {events:,} events"
    return [
        Measurement(f"{label}: total (peak RSS {peak:.0f} MB)", seconds * 1000, queries, budget_ms=10_000),
        Measurement(f"{label}: PDF step in the build", steps.get("rendering_pdf", 0) * 1000, 0),
        Measurement(f"{label}: PDF step alone (gather + HTML + PDF)", ours * 1000, 0),
        Measurement(f"{label}: bare WeasyPrint, same HTML (floor; ours is {ours / floor:.2f}×)", floor * 1000, 0),
    ]


def _pdf_step(pack: EvidencePack) -> float:
    start = time.perf_counter()
    html = render_html(pack, scope_of(pack), ordered_exporters(), {"built_at": timezone.now().isoformat()})
    with tempfile.TemporaryFile() as target:
        write_pdf(html, target)
    return time.perf_counter() - start


def _bare_weasyprint(html: str) -> float:
    from weasyprint import HTML

    start = time.perf_counter()
    with tempfile.TemporaryFile() as target:
        HTML(string=html).write_pdf(target)
    return time.perf_counter() - start


def _organisation_packs(context: BenchContext, root: Path) -> list[Measurement]:
    organisation = _organisation("org")
    systems = _systems(organisation, context.count(1_000))
    requests = _requests(systems)
    measurements = []
    added = 0
    for documents in (context.count(100), context.count(1_000)):
        _documents(root, requests, range(added, documents), 50 * 1024)
        added = documents
        seconds, peak, queries, _ = _timed_build(_pack(organisation))
        measurements.append(
            Measurement(
                f"organisation pack, {len(systems):,} systems, {documents:,} docs × 50 KB (peak RSS {peak:.0f} MB)",
                seconds * 1000,
                queries,
            )
        )
    return measurements
