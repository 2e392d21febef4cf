"""API shapes of the incidents app (the assessments themselves are validated by incidents.assessment)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.serializers import ModelSerializer, OrganisationObjectField
from incidents.models import MANUAL_STEPS, Incident, IncidentAssessment, IncidentReport, IncidentStep, StepKind
from vendors.models import AiSystem


class IncidentAnswersSerializer(serializers.Serializer):
    """For the schema only: the body is the flat answers object of spec/incidents.md §1."""

    incident_harms = serializers.ListField(child=serializers.CharField(), required=False, source="incident.harms")
    incident_aware_at = serializers.CharField(required=False, source="incident.aware_at")


class PenaltyAnswersSerializer(serializers.Serializer):
    """For the schema only: the body is the flat answers object of spec/incidents.md §2."""

    infringement = serializers.ChoiceField(
        choices=["prohibited_practice", "operator_obligation", "incorrect_information", "gpai_provider"]
    )


class IncidentAssessmentSerializer(ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = IncidentAssessment
        fields = [
            "id",
            "answers",
            "result",
            "regulation_version",
            "regulation_sha256",
            "facts_aware_at",
            "note",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class IncidentStepSerializer(ModelSerializer):
    kind = serializers.ChoiceField(
        choices=[(k.value, k.label) for k in (*MANUAL_STEPS, StepKind.INITIAL_REPORT, StepKind.COMPLETE_REPORT)]
    )
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = IncidentStep
        fields = ["id", "kind", "happened_at", "method", "reference", "note", "created_by", "created_at"]
        read_only_fields = ["id", "created_by", "created_at"]


class IncidentReportSerializer(ModelSerializer):
    sections = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)

    class Meta:
        model = IncidentReport
        fields = ["id", "report_type", "sections", "recipient", "sent_at", "late", "sha256", "created_at"]
        read_only_fields = ["id", "sent_at", "late", "sha256", "created_at"]


class MarkSentSerializer(serializers.Serializer):
    sent_at = serializers.DateTimeField()


INCIDENT_WRITABLE = frozenset(
    {"ai_system", "title", "description", "occurred_at", "aware_at", "aware_time_zone"}
    | {"affected_persons", "affected_count", "answers"}
)


class IncidentSerializer(ModelSerializer):
    ai_system = OrganisationObjectField(queryset=AiSystem.objects.all(), unknown="No such AI system.")
    aware_time_zone = serializers.CharField(required=False, allow_blank=True)
    answers = serializers.DictField(
        write_only=True, required=False, help_text="Answers of spec/incidents.md §1 beyond those the system gives."
    )
    assessment = serializers.SerializerMethodField()

    class Meta:
        model = Incident
        fields = [
            "id",
            "ai_system",
            "title",
            "description",
            "occurred_at",
            "aware_at",
            "aware_time_zone",
            "affected_persons",
            "affected_count",
            "status",
            "serious",
            "art73_applies",
            "reporter",
            "deadline_paragraph",
            "deadline_days",
            "report_due_at",
            "first_report_sent_at",
            "report_late",
            "answers",
            "assessment",
            "created_at",
            "closed_at",
        ]
        read_only_fields = [name for name in fields if name not in INCIDENT_WRITABLE]

    @extend_schema_field(serializers.DictField())
    def get_assessment(self, incident) -> dict | None:
        """The result of the current assessment."""
        latest = getattr(incident, "latest_result", None)
        return latest


class IncidentUpdateSerializer(ModelSerializer):
    class Meta:
        model = Incident
        fields = ["title", "description", "occurred_at", "affected_persons", "affected_count"]


class ReassessSerializer(serializers.Serializer):
    answers = serializers.DictField()
    facts_aware_at = serializers.DateTimeField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CloseSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
