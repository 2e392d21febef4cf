from rest_framework import serializers

from assessments.models import Classification
from core.serializers import ModelSerializer


class ClassifyRequestSerializer(serializers.Serializer):
    """For the schema only: answers are validated by the rule pack, key by key."""

    answers = serializers.DictField(help_text="Flat answer keys (e.g. system.annex_iii_points) to JSON values.")
    timeline = serializers.ChoiceField(choices=["omnibus-2026", "original"], required=False)
    pack_version = serializers.CharField(
        required=False, help_text="A retained rule pack version, such as 2026.2 (default: the newest)."
    )
    note = serializers.CharField(required=False, help_text="Why this (re)classification was made.")


class ErrorsSerializer(serializers.Serializer):
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class ClassificationSerializer(ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Classification
        fields = [
            "id",
            "ai_system",
            "risk_tier",
            "timeline",
            "answers",
            "result",
            "pack_id",
            "pack_version",
            "pack_sha256",
            "note",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField(source="key", help_text="The result field that changes, as in the contract.")
    before = serializers.JSONField()
    after = serializers.JSONField()


class ReclassificationSerializer(serializers.Serializer):
    classification = serializers.IntegerField(source="current.pk")
    ai_system = serializers.IntegerField(source="current.ai_system_id")
    ai_system_name = serializers.CharField(source="current.ai_system.name")
    pack_version = serializers.CharField(source="current.pack_version", help_text="The pack the current one used.")
    new_pack_version = serializers.CharField(source="pack.version")
    new_pack_sha256 = serializers.CharField(source="pack.sha256", help_text="Send it back to confirm.")
    changes = ChangeSerializer(many=True)
    problems = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Saved answers the newest pack refuses: the questionnaire must be answered again.",
    )


class ReclassifyRequestSerializer(serializers.Serializer):
    pack_sha256 = serializers.CharField(help_text="The new_pack_sha256 of the difference you reviewed.")
    note = serializers.CharField(required=False)
