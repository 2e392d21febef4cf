"""The contracts registers as exportable rows (core.exporters): contracts, clauses, schedule, modifications."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from contracts.library import default_library
from contracts.models import ClauseStatus, Contract, Modification
from contracts.schedule import allocation_rows
from core.exporters import Column, Exporter, ExportScope, register_exporter, write_xlsx


def contracts_in_scope(scope: ExportScope) -> QuerySet[Contract]:
    """A list page's contracts, those covering the scope's systems, the vendor's, or all of them."""
    contracts = scope.base(Contract.objects.all())
    if scope.systems is not None:
        contracts = contracts.filter(systems__in=scope.systems.values("pk")).distinct()
    if scope.vendor is not None:
        contracts = contracts.filter(vendor=scope.vendor)
    return contracts.select_related("organisation", "vendor").order_by("title", "pk")


@register_exporter
class ContractExporter(Exporter):
    code = "contracts"
    title = "Contracts"
    columns = (
        Column("id", "Id", "int"),
        Column("title", "Title", width=32),
        Column("reference", "Reference", width=16),
        Column("vendor", "Vendor", width=28),
        Column("signed_on", "Signed", "date"),
        Column("starts_on", "Starts", "date"),
        Column("ends_on", "Ends", "date"),
        Column("auto_renews", "Renews automatically", "bool"),
        Column("notice_period_days", "Notice period (days)", "int"),
        Column("notice_in_business_days", "Notice in business days", "bool"),
        Column("governing_law", "Governing law", width=18),
        Column("missing_mandatory", "Required clauses missing", "int"),
        Column("signed_file_sha256", "Signed file SHA-256", width=66),
    )

    def rows(self, scope: ExportScope) -> Iterator[tuple]:
        for c in contracts_in_scope(scope).iterator(chunk_size=2000):
            yield (
                c.pk,
                c.title,
                c.reference,
                c.vendor.legal_name,
                c.signed_on,
                c.starts_on,
                c.ends_on,
                c.auto_renews,
                c.notice_period_days,
                c.notice_in_business_days,
                c.governing_law,
                c.missing_mandatory,
                c.signed_file_sha256,
            )


@register_exporter
class ClauseExporter(Exporter):
    code = "contract_clauses"
    title = "Contract clauses"
    columns = (
        Column("contract_id", "Contract id", "int"),
        Column("contract", "Contract", width=32),
        Column("clause_code", "Clause code", width=30),
        Column("clause", "Clause", width=36),
        Column("required", "Required", "bool"),
        Column("severity", "Severity if missing", width=10),
        Column("state", "State", width=16),
        Column("section", "Section", width=10),
        Column("page", "Page", "int"),
        Column("note", "Note", width=40),
        Column("justification", "Waiver justification", width=40),
        Column("updated_at", "Updated", "datetime"),
    )

    def rows(self, scope: ExportScope) -> Iterator[tuple]:
        library = default_library()
        clauses = ClauseStatus.objects.filter(contract__in=contracts_in_scope(scope).values("pk"))
        for row in clauses.select_related("contract").order_by("contract__title", "contract_id", "clause_code"):
            clause = library.clause(row.clause_code)
            yield (
                row.contract_id,
                row.contract.title,
                row.clause_code,
                clause.title if clause else row.clause_code,
                row.required,
                row.severity,
                row.get_state_display(),
                row.section,
                row.page,
                row.note,
                row.justification,
                row.updated_at,
            )


@register_exporter
class AllocationScheduleExporter(Exporter):
    code = "allocation_schedule"
    title = "Allocation schedule"
    columns = (
        Column("contract_id", "Contract id", "int"),
        Column("system", "AI system", width=28),
        Column("article", "Article", width=12),
        Column("duty", "Duty", width=48),
        Column("code", "Duty code", width=28),
        Column("holder", "Holder under the Act", width=22),
        Column("performed_by", "Performed by under the contract", width=28),
        Column("evidence", "Evidence expected", width=44),
        Column("applies_from", "Applies from", "date"),
    )

    def rows(self, scope: ExportScope) -> Iterator[tuple]:
        for row in allocation_rows(contracts_in_scope(scope)):
            yield (
                row.contract_id,
                row.system,
                row.article,
                row.duty,
                row.code,
                row.holder,
                row.performed_by,
                row.evidence,
                row.applies_from,
            )


@register_exporter
class ModificationExporter(Exporter):
    code = "modifications"
    title = "Modification log"
    columns = (
        Column("id", "Id", "int"),
        Column("system", "AI system", width=28),
        Column("changed_on", "Changed on", "date"),
        Column("description", "What changed", width=40),
        Column("reason", "Why", width=32),
        Column("reference", "Version or configuration", width=20),
        Column("approved_by", "Approved by", width=20),
        Column("substantial", "Substantial modification", "bool"),
        Column("compute_flop", "Compute (FLOP)", "decimal"),
        Column("triggers", "Art 25 triggers", width=30),
        Column("recorded_at", "Recorded", "datetime"),
    )

    def rows(self, scope: ExportScope) -> Iterator[tuple]:
        entries = scope.narrow(Modification.objects.all(), system="ai_system", vendor="ai_system__vendor")
        entries = scope.in_period(entries, "changed_on", is_date=True)
        for entry in entries.select_related("ai_system").order_by("ai_system__name", "changed_on", "pk"):
            yield (
                entry.pk,
                str(entry.ai_system),
                entry.changed_on,
                entry.description,
                entry.reason,
                entry.reference,
                entry.approved_by,
                entry.substantial,
                entry.compute_flop,
                ", ".join(trigger["ground"] for trigger in entry.triggers),
                entry.created_at,
            )


def write_schedule_xlsx(contract: Contract, stream) -> None:
    """The allocation schedule of one contract as an XLSX annex."""
    scope = ExportScope(contract.organisation, queryset=Contract.objects.filter(pk=contract.pk))
    write_xlsx([(AllocationScheduleExporter(), scope)], stream)
