"""The deadlines register as exportable rows (core.exporters)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from core.exporters import Column, Exporter, ExportScope, member_label, register_exporter, register_scope_objects
from deadlines.models import Deadline


def deadlines_in_scope(scope: ExportScope) -> QuerySet[Deadline]:
    """Deadlines of the scope's systems and vendors due in its period."""
    deadlines = scope.narrow(Deadline.objects.all(), system="ai_system", vendor="vendor")
    return scope.in_period(deadlines, "due_date", is_date=True)


@register_exporter
class DeadlineExporter(Exporter):
    code = "deadlines"
    title = "Deadlines"
    columns = (
        Column("id", "Id", "int"),
        Column("kind", "Kind", width=24),
        Column("title", "Deadline", width=50),
        Column("due_date", "Due", "date"),
        Column("milestone", "Milestone", "bool"),
        Column("ai_system", "AI system", width=28),
        Column("vendor", "Vendor", width=26),
        Column("owner", "Owner", width=18),
        Column("source", "Source", width=28),
    )

    def rows(self, scope: ExportScope) -> Iterator[tuple]:
        deadlines = deadlines_in_scope(scope).select_related("ai_system", "vendor", "owner__user")
        for deadline in deadlines.order_by("due_date", "pk").iterator(chunk_size=2000):
            yield (
                deadline.pk,
                deadline.get_kind_display(),
                deadline.title,
                deadline.due_date,
                deadline.is_milestone,
                str(deadline.ai_system) if deadline.ai_system else "",
                deadline.vendor.legal_name if deadline.vendor else "",
                member_label(deadline.owner),
                f"{deadline.source_type}:{deadline.source_id}",
            )


@register_scope_objects
def deadline_objects(scope: ExportScope):
    yield "deadlines.deadline", scope.narrow(Deadline.objects.all(), system="ai_system", vendor="vendor")
