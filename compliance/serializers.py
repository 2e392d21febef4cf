"""API shapes of document requests, documents, red flags and notified bodies."""

from __future__ import annotations

from rest_framework import serializers

from compliance.models import ChecklistResult, Document, DocumentRequest, NotifiedBody, RedFlag
from compliance.services import FACT_FIELDS
from core.serializers import ModelSerializer, OrganisationObjectField
from vendors.models import AiSystem, Vendor


def requested_on_field():
    return serializers.DateField(
        write_only=True,
        required=False,
        allow_null=True,
        help_text="The day the vendor was asked, when earlier than today (the due date counts from it); "
        "omit for today. A day still to come is refused.",
    )


class DocumentRequestSerializer(ModelSerializer):
    ai_system = OrganisationObjectField(
        queryset=AiSystem.objects.all(), required=False, allow_null=True, unknown="Unknown AI system."
    )
    vendor = OrganisationObjectField(queryset=Vendor.objects.all(), required=False, unknown="Unknown vendor.")
    requested_on = requested_on_field()
    current_document = serializers.SerializerMethodField()

    class Meta:
        model = DocumentRequest
        fields = [
            "id",
            "document_type",
            "ai_system",
            "vendor",
            "status",
            "requested_at",
            "due_date",
            "waived_reason",
            "refusal_note",
            "rejection_note",
            "current_document",
            "updated_at",
            "requested_on",
        ]
        read_only_fields = [f for f in fields if f not in ("document_type", "ai_system", "vendor", "requested_on")]

    def get_current_document(self, request: DocumentRequest) -> int | None:
        current = next((d for d in request.documents.all() if d.superseded_by_id is None), None)
        return current.pk if current else None


class DocumentSerializer(ModelSerializer):
    request = OrganisationObjectField(queryset=DocumentRequest.objects.all(), unknown="Unknown document request.")
    file = serializers.FileField(write_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "request",
            "file",
            "version",
            "original_name",
            "sha256",
            "size",
            "content_type",
            "received_at",
            "superseded_by",
            *FACT_FIELDS,
            "facts_recorded_at",
            "verified_at",
            "next_review_on",
            "download_url",
        ]
        read_only_fields = [f for f in fields if f not in ("request", "file")]

    def get_download_url(self, document: Document) -> str:
        return self.context["request"].build_absolute_uri(document.get_download_url())


class RedFlagSerializer(ModelSerializer):
    class Meta:
        model = RedFlag
        fields = [
            "id",
            "code",
            "severity",
            "state",
            "ai_system",
            "vendor",
            "citation",
            "message",
            "action",
            "opened_at",
            "resolved_at",
        ]
        read_only_fields = fields


class RiskAcceptanceSerializer(serializers.Serializer):
    justification = serializers.CharField(allow_blank=True)


class NotifiedBodySerializer(ModelSerializer):
    class Meta:
        model = NotifiedBody
        fields = ["number", "name", "country", "ai_act", "status", "updated_at"]
        read_only_fields = fields


class MissingDocumentsSerializer(serializers.Serializer):
    ai_system = OrganisationObjectField(queryset=AiSystem.objects.all(), unknown="Unknown AI system.")
    requested_on = requested_on_field()


class FactsSerializer(ModelSerializer):
    """What a document says; only the fields sent are changed."""

    class Meta:
        model = Document
        fields = list(FACT_FIELDS)
        extra_kwargs = {name: {"required": False} for name in FACT_FIELDS}


class ChecklistResultSerializer(ModelSerializer):
    class Meta:
        model = ChecklistResult
        fields = ["item_id", "outcome", "note"]
        extra_kwargs = {"note": {"required": False, "allow_blank": True}}
        # The uniqueness of (document, item) is the service's business: it updates an existing result.
        validators = []


class ChecklistSerializer(serializers.Serializer):
    results = ChecklistResultSerializer(many=True, allow_empty=False)


class ChecklistItemSerializer(serializers.Serializer):
    item_id = serializers.CharField()
    text = serializers.CharField()
    mandatory = serializers.BooleanField()
    outcome = serializers.CharField(allow_null=True)
    note = serializers.CharField(allow_blank=True)


class ChecklistStateSerializer(serializers.Serializer):
    """The document type's checklist with this document's results, and what still blocks verification."""

    items = ChecklistItemSerializer(many=True)
    verification_blockers = serializers.ListField(child=serializers.CharField())
