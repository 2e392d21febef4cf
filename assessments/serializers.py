from rest_framework import serializers

from assessments.models import Classification


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


class ClassificationSerializer(serializers.ModelSerializer):
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
