"""The deployer duties, FRIAs and AI literacy trainings as exportable registers (core.exporters)."""

from __future__ import annotations

from collections.abc import Iterator

from core.exporters import Column, Exporter, ExportScope, member_label, register_exporter, register_scope_objects
from duties.models import Duty, Fria, Training


@register_exporter
class DutyExporter(Exporter):
    code = "deployer_duties"
    title = "Deployer duties"
    columns = (
        Column("id", "Id", "int"),
        Column("ai_system", "AI system", width=28),
        Column("code", "Duty code", width=24),
        Column("duty", "Duty", width=50),
        Column("article", "Article", width=20),
        Column("pre_use", "Before first use", "bool"),
        Column("status", "Status", width=14),
        Column("owner", "Owner", width=18),
        Column("due_date", "Due", "date"),
        Column("done_on", "Done on", "date"),
        Column("not_applicable_reason", "Why not applicable", width=40),
        Column("evidence", "Evidence file", width=28),
        Column("retired", "Retired", "bool"),
    )

    def rows(self, scope: ExportScope) -> Iterator[tuple]:
        duties = scope.narrow(Duty.objects.all(), system="ai_system", vendor="ai_system__vendor").select_related(
            "ai_system", "owner__user"
        )
        for duty in duties.order_by("ai_system_id", "pk").iterator(chunk_size=2000):
            yield (
                duty.pk,
                str(duty.ai_system),
                duty.code,
                duty.label,
                duty.article,
                duty.pre_use,
                duty.get_status_display(),
                member_label(duty.owner),
                duty.due_date,
                duty.done_on,
                duty.not_applicable_reason,
                duty.evidence_name,
                duty.is_retired,
            )


@register_exporter
class FriaExporter(Exporter):
    code = "frias"
    title = "FRIAs"
    columns = (
        Column("id", "Id", "int"),
        Column("ai_system", "AI system", width=28),
        Column("version", "Version", "int"),
        Column("status", "Status", width=14),
        Column("reused_from", "Reuses FRIA", "int"),
        Column("reopen_reason", "Re-opened because", width=40),
        Column("approved_by", "Approved by", width=18),
        Column("approved_at", "Approved at", "datetime"),
        Column("authority", "Authority notified", width=30),
        Column("notified_on", "Notification sent", "date"),
    )

    def rows(self, scope: ExportScope) -> Iterator[tuple]:
        frias = scope.narrow(Fria.objects.all(), system="ai_system", vendor="ai_system__vendor").select_related(
            "ai_system", "approved_by__user"
        )
        for fria in frias.order_by("ai_system_id", "version").iterator(chunk_size=2000):
            yield (
                fria.pk,
                str(fria.ai_system),
                fria.version,
                fria.get_status_display(),
                fria.reused_from_id,
                fria.reopen_reason,
                member_label(fria.approved_by),
                fria.approved_at,
                fria.authority,
                fria.notified_on,
            )


@register_exporter
class TrainingExporter(Exporter):
    code = "trainings"
    title = "AI literacy trainings"
    columns = (
        Column("id", "Id", "int"),
        Column("member", "Member", width=20),
        Column("title", "Training", width=40),
        Column("taken_on", "Taken on", "date"),
        Column("evidence", "Evidence file", width=28),
    )

    def rows(self, scope: ExportScope) -> Iterator[tuple]:
        trainings = scope.base(Training.objects.all())
        if scope.systems is not None:  # the trainings of the people who use those systems
            trainings = trainings.filter(member__used_systems__ai_system__in=scope.systems.values("pk")).distinct()
        elif scope.vendor is not None:
            trainings = trainings.filter(member__used_systems__ai_system__vendor=scope.vendor).distinct()
        trainings = scope.in_period(trainings, "taken_on", is_date=True).select_related("member__user")
        for training in trainings.order_by("-taken_on", "pk").iterator(chunk_size=2000):
            yield (
                training.pk,
                member_label(training.member),
                training.title,
                training.taken_on,
                training.evidence_name,
            )


@register_scope_objects
def duty_objects(scope: ExportScope):
    yield "duties.duty", scope.narrow(Duty.objects.all(), system="ai_system", vendor="ai_system__vendor")
    yield "duties.fria", scope.narrow(Fria.objects.all(), system="ai_system", vendor="ai_system__vendor")
