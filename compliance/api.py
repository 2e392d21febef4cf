"""REST API of document requests, documents, red flags and notified bodies; every write goes through services."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from compliance import services
from compliance.filters import DocumentRequestFilter, RedFlagFilter
from compliance.models import Document, DocumentRequest, NotifiedBody, RedFlag
from compliance.serializers import (
    DocumentRequestSerializer,
    DocumentSerializer,
    NotifiedBodySerializer,
    RedFlagSerializer,
    RiskAcceptanceSerializer,
)
from core.access import Capability
from core.api_base import OrganisationScopedMixin, ScopedReadOnlyViewSet


class CreateListRetrieveViewSet(
    OrganisationScopedMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Reads scoped to the caller's organisation; a create calls a service and returns what it wrote."""

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no organisation
            return self.queryset.none()
        return super().get_queryset()

    def perform_create(self, serializer):
        serializer.instance = self.get_queryset().get(pk=self.create_object(serializer.validated_data).pk)


class DocumentRequestViewSet(CreateListRetrieveViewSet):
    """Documents owed about an AI system (or a vendor). POST asks for one document, due in 10 business days."""

    queryset = DocumentRequest.objects.select_related("ai_system", "vendor").prefetch_related("documents")
    serializer_class = DocumentRequestSerializer
    filterset_class = DocumentRequestFilter
    ordering = ["due_date", "pk"]

    def create_object(self, data):
        return services.document_request_create(
            actor=self.actor,
            document_type=data["document_type"],
            ai_system=data.get("ai_system"),
            vendor=data.get("vendor"),
        )


class DocumentViewSet(CreateListRetrieveViewSet):
    """Received files and their facts. POST (multipart: request, file) uploads a new version."""

    queryset = Document.objects.select_related("request")
    serializer_class = DocumentSerializer
    parser_classes = [MultiPartParser, FormParser]
    ordering = ["-received_at", "-pk"]
    filterset_fields = ["request"]

    def create_object(self, data):
        return services.document_upload(actor=self.actor, request=data["request"], file=data["file"])


class RedFlagViewSet(ScopedReadOnlyViewSet):
    """Red flags raised by the rules; `accept` records a risk acceptance (legal and owners)."""

    queryset = RedFlag.objects.select_related("ai_system", "vendor")
    serializer_class = RedFlagSerializer
    filterset_class = RedFlagFilter
    ordering = ["state", "severity", "-opened_at", "pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset.none()
        return super().get_queryset()

    def required_capability(self, request) -> Capability:
        return Capability.ACCEPT_RISK if self.action == "accept" else super().required_capability(request)

    @extend_schema(request=RiskAcceptanceSerializer, responses=RedFlagSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser])
    def accept(self, request, pk=None):
        flag = self.get_object()
        body = RiskAcceptanceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.risk_accept(actor=self.actor, flag=flag, justification=body.validated_data["justification"])
        flag.refresh_from_db()
        return Response(RedFlagSerializer(flag, context=self.get_serializer_context()).data)


class NotifiedBodyViewSet(ScopedReadOnlyViewSet):
    """The registry of notified bodies: public reference data, the same for every organisation."""

    queryset = NotifiedBody.objects.all()
    serializer_class = NotifiedBodySerializer
    lookup_field = "number"
    filterset_fields = ["country", "ai_act", "status"]
    search_fields = ["name", "number"]
    ordering = ["number"]

    def get_queryset(self):
        return self.queryset.all()  # not scoped: the registry belongs to no organisation
