"""API shapes of procurement requests and decisions."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.serializers import ModelSerializer, OrganisationObjectField
from procurement.models import Condition, ProcurementRequest
from procurement.services import REQUEST_FIELDS
from vendors.models import AiSystem


class BlockingSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    stage = serializers.CharField()


class ConditionSerializer(ModelSerializer):
    class Meta:
        model = Condition
        fields = ["id", "text", "due_date", "owner"]


class ProcurementRequestSerializer(ModelSerializer):
    ai_system = OrganisationObjectField(queryset=AiSystem.objects.all(), unknown="Unknown AI system.")
    countries = serializers.ListField(child=serializers.CharField(max_length=2), required=False)
    stage = serializers.SerializerMethodField()
    blocking = serializers.SerializerMethodField()
    vendor_answered = serializers.SerializerMethodField(help_text="Document requests the vendor answered.")
    vendor_asked = serializers.SerializerMethodField(help_text="Document requests the vendor was asked.")
    conditions = ConditionSerializer(many=True, read_only=True)

    class Meta:
        model = ProcurementRequest
        fields = [
            "id",
            "ai_system",
            *REQUEST_FIELDS,
            "created_at",
            "stage",
            "blocking",
            "vendor_answered",
            "vendor_asked",
            "decision",
            "decision_reason",
            "decided_at",
            "conditions",
        ]
        read_only_fields = ["created_at", "decision", "decision_reason", "decided_at"]

    def _gates(self, request):
        return self.context["gates"][request.pk]

    def get_stage(self, request) -> str:
        return self._gates(request).stage

    @extend_schema_field(BlockingSerializer(many=True))
    def get_blocking(self, request) -> list[dict]:
        return [item.as_dict() for item in self._gates(request).blocking]

    def get_vendor_answered(self, request) -> int:
        return self._gates(request).answered

    def get_vendor_asked(self, request) -> int:
        return self._gates(request).asked


class DecisionConditionSerializer(serializers.Serializer):
    text = serializers.CharField()
    due_date = serializers.DateField()
    owner = serializers.IntegerField(help_text="Membership id of the member who sees to it.")


class DecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approved", "approved_with_conditions", "rejected"])
    reason = serializers.CharField()
    conditions = DecisionConditionSerializer(many=True, required=False)
