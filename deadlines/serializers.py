from rest_framework import serializers

from core.serializers import ModelSerializer
from deadlines.models import Deadline


class DeadlineSerializer(ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Deadline
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "due_date",
            "is_milestone",
            "is_overdue",
            "ai_system",
            "vendor",
            "owner",
            "source_type",
            "source_id",
            "link",
            "updated_at",
        ]
        read_only_fields = fields

    def get_is_overdue(self, deadline: Deadline) -> bool:
        return deadline.is_overdue_on(self.context["today"])
