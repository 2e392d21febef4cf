"""API shapes of deployer duties, FRIAs and trainings."""

from __future__ import annotations

from rest_framework import serializers

from core.models import Membership
from core.serializers import ModelSerializer, OrganisationObjectField
from duties.models import FRIA_FIELDS, Duty, DutyStatus, Fria, OversightAssignment, Training
from duties.services import REUSE_VERDICTS
from vendors.models import AiSystem


def member_field(**kwargs):
    return OrganisationObjectField(queryset=Membership.objects.all(), unknown="Unknown member.", **kwargs)


class OversightAssignmentSerializer(ModelSerializer):
    class Meta:
        model = OversightAssignment
        fields = ["id", "member", "competence", "training_course", "trained_on", "can_stop", "certificate_name"]


class DutySerializer(ModelSerializer):
    label = serializers.CharField(read_only=True)
    due_date = serializers.DateField(read_only=True, allow_null=True)
    owner = member_field(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=DutyStatus.choices, required=False)
    oversight_people = OversightAssignmentSerializer(many=True, read_only=True)

    class Meta:
        model = Duty
        fields = [
            "id",
            "ai_system",
            "code",
            "label",
            "article",
            "pre_use",
            "record_kind",
            "cadence_months",
            "owner",
            "status",
            "not_applicable_reason",
            "note",
            "applies_from",
            "due_date",
            "done_on",
            "record",
            "evidence_name",
            "oversight_people",
            "catalogue_version",
            "retired_at",
            "updated_at",
        ]
        read_only_fields = [f for f in fields if f not in ("owner", "status", "not_applicable_reason", "note")]


class DutyRecordSerializer(serializers.Serializer):
    record = serializers.DictField(help_text="The record's fields for the duty's record_kind (see the duty page).")
    file = serializers.FileField(required=False, help_text="The notice or DPIA file, for kinds that keep one.")


class FriaSerializer(ModelSerializer):
    ai_system = OrganisationObjectField(queryset=AiSystem.objects.all(), unknown="Unknown AI system.")
    reused_from = OrganisationObjectField(
        queryset=Fria.objects.all(), unknown="Unknown FRIA.", required=False, allow_null=True
    )
    reuse_checks = serializers.DictField(
        child=serializers.ChoiceField(choices=REUSE_VERDICTS), required=False, help_text="element → same | changed"
    )

    class Meta:
        model = Fria
        fields = [
            "id",
            "ai_system",
            "version",
            "status",
            *FRIA_FIELDS,
            "reused_from",
            "reuse_checks",
            "reopen_reason",
            "reviewers",
            "submitted_at",
            "approved_by",
            "approved_at",
            "authority",
            "notified_on",
            "updated_at",
        ]
        read_only_fields = [f for f in fields if f not in (*FRIA_FIELDS, "ai_system", "reused_from", "reuse_checks")]


class FriaSubmitSerializer(serializers.Serializer):
    reviewers = serializers.ListField(child=member_field(), allow_empty=False)


class FriaNotifySerializer(serializers.Serializer):
    authority = serializers.CharField(max_length=200)
    sent_on = serializers.DateField()


class FriaReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class TrainingSerializer(ModelSerializer):
    member = member_field()
    evidence = serializers.FileField(write_only=True, required=False)

    class Meta:
        model = Training
        fields = ["id", "member", "title", "taken_on", "evidence", "evidence_name", "created_at"]
        read_only_fields = ["id", "evidence_name", "created_at"]
