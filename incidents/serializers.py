"""API shapes of the incidents app (the assessments themselves are validated by incidents.assessment)."""

from rest_framework import serializers


class IncidentAnswersSerializer(serializers.Serializer):
    """For the schema only: the body is the flat answers object of spec/incidents.md §1."""

    incident_harms = serializers.ListField(child=serializers.CharField(), required=False, source="incident.harms")
    incident_aware_at = serializers.CharField(required=False, source="incident.aware_at")


class PenaltyAnswersSerializer(serializers.Serializer):
    """For the schema only: the body is the flat answers object of spec/incidents.md §2."""

    infringement = serializers.ChoiceField(
        choices=["prohibited_practice", "operator_obligation", "incorrect_information", "gpai_provider"]
    )


class ErrorsSerializer(serializers.Serializer):
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
