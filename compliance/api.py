"""REST API of document requests, documents, red flags and notified bodies; every write goes through services."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from compliance import catalogue, services
from compliance.filters import DocumentFilter, DocumentRequestFilter, RedFlagFilter
from compliance.models import Document, DocumentRequest, NotifiedBody, RedFlag
from compliance.serializers import (
    ChecklistSerializer,
    ChecklistStateSerializer,
    DocumentRequestSerializer,
    DocumentSerializer,
    FactsSerializer,
    MissingDocumentsSerializer,
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

    def perform_create(self, serializer):
        serializer.instance = self.get_queryset().get(pk=self.create_object(serializer.validated_data).pk)


class DocumentRequestViewSet(CreateListRetrieveViewSet):
    """Documents owed about an AI system (or a vendor).

    POST asks for one document, due 10 business days after `requested_on` (default today).
    """

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
            requested_on=data.get("requested_on"),
        )

    @extend_schema(request=MissingDocumentsSerializer, responses=DocumentRequestSerializer(many=True))
    @action(detail=False, methods=["post"], url_path="request-missing")
    def request_missing(self, request):
        """Ask, in one go, for every document the system requires that is neither held nor asked for."""
        body = MissingDocumentsSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        asked = services.document_requests_create_missing(
            actor=self.actor,
            ai_system=body.validated_data["ai_system"],
            requested_on=body.validated_data.get("requested_on"),
        )
        rows = self.get_queryset().filter(pk__in=[r.pk for r in asked]).order_by("document_type")
        return Response(self.get_serializer(rows, many=True).data, status=status.HTTP_201_CREATED)


class DocumentViewSet(CreateListRetrieveViewSet):
    """Received files and their facts. POST (multipart: request, file) uploads a new version."""

    queryset = Document.objects.select_related("request")
    serializer_class = DocumentSerializer
    parser_classes = [MultiPartParser, FormParser]
    accepts_uploads = True  # see core.web.accepts_uploads
    ordering = ["-received_at", "-pk"]
    filterset_class = DocumentFilter

    def create_object(self, data):
        return services.document_upload(actor=self.actor, request=data["request"], file=data["file"])

    def _document_response(self, document: Document) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=document.pk)).data)

    @extend_schema(request=FactsSerializer, responses=DocumentSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def facts(self, request, pk=None):
        """Record what the document says (issuer, signatory, dates, notified body...); only the fields sent change."""
        document = self.get_object()
        body = FactsSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        services.document_facts_record(actor=self.actor, document=document, data=body.validated_data)
        return self._document_response(document)

    @extend_schema(request=ChecklistSerializer, responses=ChecklistStateSerializer)
    @action(detail=True, methods=["get", "post"], parser_classes=[JSONParser])
    def checklist(self, request, pk=None):
        """The checklist and its results; POST marks items pass / fail / na (a failure needs a note)."""
        document = self.get_object()
        if request.method == "POST":
            body = ChecklistSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            services.checklist_mark(actor=self.actor, document=document, results=body.validated_data["results"])
        return Response(ChecklistStateSerializer(_checklist_state(document)).data)

    @extend_schema(request=None, responses=DocumentSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """Accept the document as checked: needs its facts and every mandatory checklist item passed."""
        document = self.get_object()
        services.document_verify(actor=self.actor, document=document)
        return self._document_response(document)


def _checklist_state(document: Document) -> dict:
    results = {result.item_id: result for result in document.checklist_results.all()}
    items = [
        {
            "item_id": item.id,
            "text": item.text,
            "mandatory": item.mandatory,
            "outcome": results[item.id].outcome if item.id in results else None,
            "note": results[item.id].note if item.id in results else "",
        }
        for item in catalogue.checklist(document.request.document_type)
    ]
    return {"items": items, "verification_blockers": services.verification_blockers(document)}


class RedFlagViewSet(ScopedReadOnlyViewSet):
    """Red flags raised by the rules; `accept` records a risk acceptance (legal and owners)."""

    queryset = RedFlag.objects.select_related("ai_system", "vendor")
    serializer_class = RedFlagSerializer
    filterset_class = RedFlagFilter
    ordering = ["state", "severity", "-opened_at", "pk"]

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

    def organisation_queryset(self, organisation):
        return self.queryset.all()  # not scoped: the registry belongs to no organisation
