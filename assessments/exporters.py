"""The classification registers as exportable rows (core.exporters): AI systems with their tier, snapshots, obligations.

The AI systems register lives here rather than in vendors because a system's risk tier
is its current classification's, which only this app knows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import OuterRef, QuerySet, Subquery

from assessments.models import Classification, RiskTier
from assessments.presentation import ROLE_LABELS, label
from assessments.rulepack import default_pack
from core.exporters import Column, Exporter, ExportScope, member_label, register_exporter, register_scope_objects
from vendors.exporters import systems_in_scope
from vendors.models import AiSystem


def with_current_tier(systems: QuerySet[AiSystem]) -> QuerySet[AiSystem]:
    """Each system annotated with its current classification's tier and date (None when never classified)."""
    current = Classification.objects.filter(ai_system=OuterRef("pk")).order_by("-pk")
    return systems.annotate(
        current_tier=Subquery(current.values("risk_tier")[:1]),
        classified_at=Subquery(current.values("created_at")[:1]),
    )


def tier_label(code: str | None) -> str:
    return RiskTier(code).label if code in RiskTier.values else "Not classified"


@register_exporter
class AiSystemExporter(Exporter):
    code = "ai_systems"
    title = "AI systems"
    columns = (
        Column("id", "Id", "int"),
        Column("name", "AI system", width=32),
        Column("version", "Version", width=10),
        Column("vendor", "Vendor", width=28),
        Column("risk_tier", "Risk tier", width=24),
        Column("classified_at", "Classified", "datetime"),
        Column("lifecycle", "Lifecycle", width=12),
        Column("business_owner", "Business owner", width=20),
        Column("processes_personal_data", "Personal data", "bool"),
        Column("gpai_model", "GPAI model", width=20),
        Column("intended_purpose", "Intended purpose", width=50),
        Column("archived_at", "Archived", "datetime"),
    )

    def rows(self, scope: ExportScope) -> Iterator[tuple]:
        systems = with_current_tier(systems_in_scope(scope)).select_related(
            "vendor", "business_owner__user", "gpai_model"
        )
        for system in systems.order_by("name", "version", "pk").iterator(chunk_size=2000):
            yield (
                system.pk,
                system.name,
                system.version,
                system.vendor.legal_name,
                tier_label(system.current_tier),
                system.classified_at,
                system.get_lifecycle_display(),
                member_label(system.business_owner),
                system.processes_personal_data,
                str(system.gpai_model) if system.gpai_model else "",
                system.intended_purpose,
                system.archived_at,
            )


def classifications_in_scope(scope: ExportScope) -> QuerySet[Classification]:
    return scope.narrow(Classification.objects.all(), system="ai_system")


@register_exporter
class ClassificationExporter(Exporter):
    """Every snapshot in scope (the history), the one in force marked."""

    code = "classifications"
    title = "Classifications"
    columns = (
        Column("id", "Id", "int"),
        Column("ai_system", "AI system", width=32),
        Column("risk_tier", "Risk tier code", width=14),
        Column("risk_tier_label", "Risk tier", width=24),
        Column("current", "In force", "bool"),
        Column("roles", "Our roles", width=30),
        Column("fria_required", "FRIA required (Art 27)", "bool"),
        Column("pack", "Rule pack", width=24),
        Column("pack_sha256", "Rule pack SHA-256", width=20),
        Column("created_at", "Classified", "datetime"),
        Column("created_by", "Classified by", width=18),
        Column("note", "Note", width=40),
    )

    def rows(self, scope: ExportScope) -> Iterator[tuple]:
        snapshots = scope.in_period(classifications_in_scope(scope), "created_at")
        snapshots = snapshots.select_related("ai_system", "created_by").defer("answers")
        last_system, current = None, True
        for snapshot in snapshots.order_by("ai_system__name", "ai_system_id", "-pk").iterator(chunk_size=500):
            current = snapshot.ai_system_id != last_system
            last_system = snapshot.ai_system_id
            result = snapshot.result
            yield (
                snapshot.pk,
                str(snapshot.ai_system),
                snapshot.risk_tier,
                snapshot.get_risk_tier_display(),
                # Newest first per system: the first row of each system is the snapshot in force,
                # unless the period cut it off (then none in the sheet is).
                current and scope.until is None,
                ", ".join(label(ROLE_LABELS, role) for role in result.get("roles", [])),
                bool(result.get("fria_required")),
                f"{snapshot.pack_id} {snapshot.pack_version}",
                snapshot.pack_sha256,
                snapshot.created_at,
                snapshot.created_by.get_username() if snapshot.created_by else "",
                snapshot.note,
            )


@register_exporter
class ObligationExporter(Exporter):
    """The dated obligations of each system's classification in force."""

    code = "obligations"
    title = "Obligations"
    columns = (
        Column("ai_system", "AI system", width=32),
        Column("code", "Obligation code", width=24),
        Column("obligation", "Obligation", width=50),
        Column("article", "Article", width=12),
        Column("holder", "Who holds it", width=20),
        Column("applies_from", "Applies from", "date"),
    )

    def rows(self, scope: ExportScope) -> Iterator[tuple]:
        pack = default_pack()
        current = classifications_in_scope(scope).current_for_systems().select_related("ai_system").defer("answers")
        for snapshot in current.order_by("ai_system__name", "ai_system_id").iterator(chunk_size=500):
            for obligation in snapshot.result.get("obligations", []):
                yield (
                    str(snapshot.ai_system),
                    obligation.get("code", ""),
                    pack.obligation_label(obligation.get("code", "")),
                    obligation.get("article", ""),
                    label(ROLE_LABELS, obligation.get("holder")),
                    _date(obligation.get("applies_from")),
                )


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


@register_scope_objects
def classification_objects(scope: ExportScope):
    yield "assessments.classification", classifications_in_scope(scope)
