"""The compliance registers as exportable rows (core.exporters): documents, checklist items, red flags."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet

from compliance import catalogue
from compliance.models import ChecklistResult, Document, DocumentRequest, RedFlag, RiskAcceptance
from core.exporters import Column, Exporter, ExportScope, member_label, register_exporter, register_scope_objects


def requests_in_scope(scope: ExportScope) -> QuerySet[DocumentRequest]:
    return scope.narrow(DocumentRequest.objects.all(), system="ai_system", vendor="vendor")


def documents_in_scope(scope: ExportScope) -> QuerySet[Document]:
    """Every version of every document received for a request in scope."""
    return Document.objects.filter(organisation=scope.organisation, request__in=requests_in_scope(scope).values("pk"))


def flags_in_scope(scope: ExportScope) -> QuerySet[RedFlag]:
    return scope.narrow(RedFlag.objects.all(), system="ai_system", vendor="vendor")


@register_exporter
class DocumentExporter(Exporter):
    """One row per document slot (request) with the version in force, if any."""

    code = "documents"
    title = "Documents"
    columns = (
        Column("request_id", "Request id", "int"),
        Column("subject", "About", width=30),
        Column("vendor", "Vendor", width=26),
        Column("document_type", "Document type code", width=24),
        Column("document", "Document", width=36),
        Column("status", "State", width=14),
        Column("requested_at", "Requested", "datetime"),
        Column("due_date", "Due", "date"),
        Column("received_at", "Received", "datetime"),
        Column("verified_at", "Verified", "datetime"),
        Column("verified_by", "Verified by", width=18),
        Column("valid_from", "Valid from", "date"),
        Column("valid_until", "Valid until", "date"),
        Column("version", "Version", "int"),
        Column("file_name", "File", width=30),
        Column("stored_name", "Stored as", width=40),
        Column("size", "Size (bytes)", "int"),
        Column("sha256", "SHA-256", width=20),
    )

    def rows(self, scope: ExportScope) -> Iterator[tuple]:
        in_force = Prefetch(
            "documents",
            queryset=Document.objects.filter(superseded_by__isnull=True).select_related("verified_by__user"),
            to_attr="in_force",
        )
        requests = requests_in_scope(scope).select_related("ai_system", "vendor").prefetch_related(in_force)
        for request in requests.order_by("vendor__legal_name", "subject_key", "document_type", "pk").iterator(
            chunk_size=500
        ):
            document = request.in_force[0] if request.in_force else None
            yield (
                request.pk,
                str(request.subject),
                request.vendor.legal_name,
                request.document_type,
                request.document_label,
                request.get_status_display(),
                request.requested_at,
                request.due_date,
                *(
                    (
                        document.received_at,
                        document.verified_at,
                        member_label(document.verified_by),
                        document.valid_from,
                        document.valid_until,
                        document.version,
                        document.original_name,
                        document.file.name,
                        document.size,
                        document.sha256,
                    )
                    if document
                    else (None,) * 10
                ),
            )


@register_exporter
class ChecklistItemExporter(Exporter):
    code = "checklist_items"
    title = "Checklist items"
    columns = (
        Column("document_id", "Document id", "int"),
        Column("subject", "About", width=30),
        Column("document", "Document", width=32),
        Column("version", "Version", "int"),
        Column("item_id", "Item code", width=16),
        Column("item", "Checklist item", width=60),
        Column("mandatory", "Mandatory", "bool"),
        Column("outcome", "Outcome", width=14),
        Column("note", "Note", width=40),
        Column("by", "Checked by", width=18),
        Column("at", "Checked", "datetime"),
    )

    def rows(self, scope: ExportScope) -> Iterator[tuple]:
        results = ChecklistResult.objects.filter(document__in=documents_in_scope(scope).values("pk")).select_related(
            "document__request__ai_system", "document__request__vendor", "by__user"
        )
        items: dict[str, dict] = {}
        for result in results.order_by("document_id", "item_id").iterator(chunk_size=2000):
            request = result.document.request
            if request.document_type not in items:
                items[request.document_type] = {item.id: item for item in catalogue.checklist(request.document_type)}
            item = items[request.document_type].get(result.item_id)
            yield (
                result.document_id,
                str(request.subject),
                request.document_label,
                result.document.version,
                result.item_id,
                item.text if item else result.item_id,
                item.mandatory if item else None,
                result.get_outcome_display(),
                result.note,
                member_label(result.by),
                result.at,
            )


@register_exporter
class RedFlagExporter(Exporter):
    code = "red_flags"
    title = "Red flags"
    columns = (
        Column("id", "Id", "int"),
        Column("subject", "About", width=30),
        Column("vendor", "Vendor", width=26),
        Column("code", "Flag code", width=24),
        Column("severity", "Severity", width=10),
        Column("state", "State", width=14),
        Column("citation", "Citation", width=18),
        Column("message", "What is wrong", width=50),
        Column("action", "What to do", width=40),
        Column("opened_at", "Opened", "datetime"),
        Column("resolved_at", "Resolved", "datetime"),
        Column("accepted_by", "Risk accepted by", width=18),
        Column("accepted_at", "Risk accepted", "datetime"),
        Column("justification", "Justification", width=40),
    )

    def rows(self, scope: ExportScope) -> Iterator[tuple]:
        acceptances = Prefetch(
            "acceptances", queryset=RiskAcceptance.objects.select_related("accepted_by__user"), to_attr="accepted"
        )
        flags = flags_in_scope(scope).select_related("ai_system", "vendor").prefetch_related(acceptances)
        for flag in flags.order_by("-opened_at", "pk").iterator(chunk_size=500):
            latest = flag.accepted[0] if flag.accepted else None
            yield (
                flag.pk,
                str(flag.subject),
                flag.vendor.legal_name,
                flag.code,
                flag.get_severity_display(),
                flag.get_state_display(),
                flag.citation,
                flag.message,
                flag.action,
                flag.opened_at,
                flag.resolved_at,
                member_label(latest.accepted_by) if latest else "",
                latest.at if latest else None,
                latest.justification if latest else "",
            )


@register_scope_objects
def compliance_objects(scope: ExportScope):
    yield "compliance.documentrequest", requests_in_scope(scope)
    yield "compliance.document", documents_in_scope(scope)
    yield "compliance.redflag", flags_in_scope(scope)
