"""The one pack builder the task and the command both call: workbook, original files, PDF report, manifest.

It writes the ZIP entry by entry into a file the caller gives (a temporary file on disk),
copying each original in chunks, so memory stays flat however many documents a pack
holds. Each register's rows come from core.exporters, the same rows the list pages export.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from assessments.models import Classification
from core.audit import GENESIS_HASH
from core.exporters import ExportScope, exporters, files_in_scope, write_xlsx
from core.models import AuditChainHead, AuditEvent
from evidence.manifest import (
    CHUNK,
    DOCUMENTS_FOLDER,
    FORMAT,
    MANIFEST_PATH,
    REPORT_PATH,
    WORKBOOK_PATH,
    HashingWriter,
    canonical,
    evidence_digest,
)
from evidence.models import EvidencePack, PackState, ScopeKind
from evidence.report import render_report
from vendors.models import AiSystem

# The audit trail closes the workbook, as it closes the report.
LAST_REGISTERS = ("audit_events",)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuiltPack:
    manifest: dict
    manifest_sha256: str


def scope_of(pack: EvidencePack) -> ExportScope:
    systems = AiSystem.objects.filter(pk=pack.ai_system_id) if pack.scope_kind == ScopeKind.SYSTEM else None
    vendor = pack.vendor if pack.scope_kind == ScopeKind.VENDOR else None
    return ExportScope(pack.organisation, systems=systems, vendor=vendor, since=pack.since, until=pack.until)


def ordered_exporters() -> list:
    registers = exporters()
    return [e for e in registers if e.code not in LAST_REGISTERS] + [e for e in registers if e.code in LAST_REGISTERS]


def chain_head(organisation) -> dict | None:
    """The organisation's audit chain head now: the last event's id, sequence and hash."""
    head = AuditChainHead.objects.filter(organisation=organisation).first()
    if head is None or head.last_sequence == 0:
        return None
    event_id = AuditEvent.objects.filter(organisation=organisation, sequence=head.last_sequence).values_list(
        "pk", flat=True
    )
    return {"event_id": event_id.first(), "sequence": head.last_sequence, "hash": head.last_hash or GENESIS_HASH}


def rule_packs(classifications: QuerySet[Classification]) -> list[dict]:
    versions = classifications.order_by("pack_id", "pack_version", "pack_sha256").values_list(
        "pack_id", "pack_version", "pack_sha256"
    )
    return [{"id": i, "version": v, "sha256": s} for i, v, s in versions.distinct()]


def archive_path(stored_name: str) -> str:
    return stored_name if stored_name.startswith(DOCUMENTS_FOLDER) else DOCUMENTS_FOLDER + stored_name


def build(pack: EvidencePack, target, *, built_by: str, progress: Progress = lambda state: None) -> BuiltPack:
    """Write the pack's ZIP into the binary file `target`; return its manifest."""
    progress(PackState.GATHERING)
    scope = scope_of(pack)
    built_at = timezone.now()
    manifest = {
        "format": FORMAT,
        "organisation": {"slug": pack.organisation.slug, "name": pack.organisation.name},
        "scope": {
            "kind": pack.scope_kind,
            "label": pack.scope_label,
            "ai_system_id": pack.ai_system_id,
            "vendor_id": pack.vendor_id,
        },
        "period": {
            "since": pack.since.isoformat() if pack.since else None,
            "until": pack.until.isoformat() if pack.until else None,
        },
        "audit_chain_head": chain_head(pack.organisation),
        "rule_packs": rule_packs(scope.narrow(Classification.objects.all(), system="ai_system")),
        "built_by": built_by,
        "built_at": built_at.isoformat(),
        "pack_id": pack.pk,
        "files": [],
    }
    registers = ordered_exporters()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        progress(PackState.WORKBOOK)
        with tempfile.TemporaryFile() as workbook:
            write_xlsx([(register, scope) for register in registers], workbook)
            workbook.seek(0)
            manifest["files"].append(_add(archive, WORKBOOK_PATH, workbook))
        progress(PackState.ARCHIVING)
        seen = set()
        for field_file in files_in_scope(scope):
            path = archive_path(field_file.name)
            if path in seen:
                continue
            seen.add(path)
            with field_file.storage.open(field_file.name, "rb") as original:
                # Stored as they are: uploads (PDF, DOCX, images) are compressed already.
                manifest["files"].append(_add(archive, path, original, compress=False))
        progress(PackState.RENDERING_PDF)
        manifest["evidence_digest"] = evidence_digest(manifest)
        with tempfile.TemporaryFile() as report:
            render_report(pack, scope, registers, manifest, report)
            report.seek(0)
            manifest["files"].append(_add(archive, REPORT_PATH, report))
        manifest_bytes = canonical(manifest)
        archive.writestr(MANIFEST_PATH, manifest_bytes)

    return BuiltPack(manifest=manifest, manifest_sha256=hashlib.sha256(manifest_bytes).hexdigest())


def _add(archive: zipfile.ZipFile, path: str, source, *, compress: bool = True) -> dict:
    """Copy `source` into the archive in chunks, hashing on the way."""
    info = zipfile.ZipInfo(path, date_time=timezone.now().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    with archive.open(info, "w", force_zip64=True) as entry:
        writer = HashingWriter(entry)
        shutil.copyfileobj(source, writer, CHUNK)
    return writer.entry(path)
