"""The vendor registers as exportable rows (core.exporters): vendors and GPAI models."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from core.exporters import Column, Exporter, ExportScope, register_exporter, register_scope_objects
from vendors.models import AiSystem, GpaiModel, Vendor


def vendors_in_scope(scope: ExportScope) -> QuerySet[Vendor]:
    """The vendor of a vendor scope, the vendors of a systems scope, or every vendor."""
    vendors = scope.base(Vendor.objects.all())
    if scope.systems is not None:
        return vendors.filter(pk__in=scope.systems.values("vendor"))
    if scope.vendor is not None:
        return vendors.filter(pk=scope.vendor.pk)
    return vendors


def systems_in_scope(scope: ExportScope) -> QuerySet[AiSystem]:
    """The scope's AI systems: those chosen, those of the vendor, or all of the organisation's."""
    return scope.narrow(AiSystem.objects.all(), system="pk", vendor="vendor")


@register_exporter
class VendorExporter(Exporter):
    code = "vendors"
    title = "Vendors"
    columns = (
        Column("id", "Id", "int"),
        Column("legal_name", "Legal name", width=32),
        Column("trade_name", "Trade name", width=24),
        Column("country", "Country", width=6),
        Column("status", "Status", width=12),
        Column("eu_established", "Established in the EEA", "bool"),
        Column("eu_representative", "EU authorised representative", width=28),
        Column("website", "Website", "url"),
        Column("vat_number", "VAT number", width=16),
        Column("lei", "LEI", width=22),
        Column("parent", "Group company", width=24),
        Column("created_at", "Created", "datetime"),
    )

    def rows(self, scope: ExportScope) -> Iterator[tuple]:
        vendors = vendors_in_scope(scope).select_related("parent").order_by("legal_name", "pk")
        for vendor in vendors.iterator(chunk_size=2000):
            yield (
                vendor.pk,
                vendor.legal_name,
                vendor.trade_name,
                vendor.country,
                vendor.get_status_display(),
                vendor.is_eu_established,
                vendor.eu_rep_name,
                vendor.website,
                vendor.vat_number,
                vendor.lei,
                vendor.parent.legal_name if vendor.parent else "",
                vendor.created_at,
            )


@register_exporter
class GpaiModelExporter(Exporter):
    code = "gpai_models"
    title = "GPAI models"
    columns = (
        Column("id", "Id", "int"),
        Column("vendor", "Vendor", width=28),
        Column("name", "Model", width=28),
        Column("version", "Version", width=12),
        Column("training_compute_flop", "Training compute (FLOP)", "decimal", 16),
        Column("presumed_systemic_risk", "Presumed systemic risk (Art 51(2))", "bool"),
        Column("code_of_practice_signatory", "Signed the Code of Practice", width=12),
    )

    def rows(self, scope: ExportScope) -> Iterator[tuple]:
        models = GpaiModel.objects.filter(vendor__in=vendors_in_scope(scope).values("pk"))
        if scope.systems is not None:
            models = models.filter(pk__in=scope.systems.values("gpai_model"))
        for model in models.select_related("vendor").order_by("name", "version", "pk").iterator(chunk_size=2000):
            yield (
                model.pk,
                model.vendor.legal_name,
                model.name,
                model.version,
                model.training_compute_flop,
                model.presumed_systemic_risk,
                model.get_code_of_practice_signatory_display(),
            )


@register_scope_objects
def vendor_objects(scope: ExportScope):
    yield "vendors.aisystem", systems_in_scope(scope)
    yield "vendors.vendor", vendors_in_scope(scope)
