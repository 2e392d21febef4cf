"""REST API of contracts, their clauses and allocation schedule, and the modification log; writes call services."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from contracts import selectors, services
from contracts.filters import ContractFilter
from contracts.models import Contract, Modification
from contracts.serializers import (
    ClauseStatusSerializer,
    ClauseUpdateSerializer,
    ContractSerializer,
    ModificationSerializer,
    TriggerPreviewSerializer,
)
from contracts.views import CONTENT_TYPES, schedule_response
from core.access import Capability, get_scoped_or_404
from core.api_base import OrganisationScopedMixin
from vendors.models import AiSystem


class _FileRenderer(BaseRenderer):
    """Lets `?format=pdf|xlsx` through DRF's content negotiation; the view answers with the file itself."""

    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class PdfRenderer(_FileRenderer):
    media_type, format = "application/pdf", "pdf"


class XlsxRenderer(_FileRenderer):
    media_type, format = CONTENT_TYPES["xlsx"], "xlsx"


class ContractViewSet(
    OrganisationScopedMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Contracts with the AI systems they cover. Owner and legal write; everyone else reads."""

    accepts_uploads = True  # see core.web.accepts_uploads

    queryset = Contract.objects.select_related("vendor").prefetch_related("systems")
    serializer_class = ContractSerializer
    filterset_class = ContractFilter
    write_capability = Capability.MANAGE_CONTRACTS
    ordering = ["title", "pk"]
    search_fields = ["title", "reference", "vendor__legal_name"]

    def organisation_queryset(self, organisation):
        return selectors.contract_list(organisation).prefetch_related("systems")

    def _data(self, validated: dict) -> dict:
        return {field: validated[field] for field in services.CONTRACT_FIELDS if field in validated}

    def perform_create(self, serializer):
        data = serializer.validated_data
        contract = services.contract_create(actor=self.actor, data=self._data(data), systems=data["systems"])
        serializer.instance = self.get_queryset().get(pk=contract.pk)

    def perform_update(self, serializer):
        data = serializer.validated_data
        contract = services.contract_update(
            actor=self.actor, contract=serializer.instance, data=self._data(data), systems=data.get("systems")
        )
        serializer.instance = self.get_queryset().get(pk=contract.pk)

    @extend_schema(request=ClauseUpdateSerializer, responses=ClauseStatusSerializer(many=True))
    @action(detail=True, methods=["get", "post"], parser_classes=[JSONParser, FormParser])
    def clauses(self, request, pk=None):
        """The clause checklist; POST sets one clause's state (a waiver needs a justification)."""
        contract = self.get_object()
        if request.method == "POST":
            body = ClauseUpdateSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            data = dict(body.validated_data)
            row = contract.clauses.filter(clause_code=data.pop("clause_code")).first()
            if row is None:
                raise Http404("This contract has no such clause.")
            services.clause_status_set(actor=self.actor, clause=row, **data)
        return Response(ClauseStatusSerializer(contract.clauses.order_by("clause_code"), many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["pdf", "xlsx"], description="pdf (default) or xlsx")],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="allocation-schedule",
        renderer_classes=[PdfRenderer, XlsxRenderer, JSONRenderer],
    )
    def allocation_schedule(self, request, pk=None):
        """The obligation allocation schedule as a PDF or XLSX annex."""
        return schedule_response(self.get_object(), request.query_params.get("format", "pdf"))

    @extend_schema(
        request={
            "multipart/form-data": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
        },
        responses=ContractSerializer,
    )
    @action(detail=True, methods=["post"], url_path="signed-file", parser_classes=[MultiPartParser])
    def signed_file(self, request, pk=None):
        """Upload the signed copy (checked like a document: size, type by content, name)."""
        contract = services.contract_file_upload(
            actor=self.actor, contract=self.get_object(), file=request.FILES.get("file")
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=contract.pk)).data)


class ModificationList(OrganisationScopedMixin, generics.ListCreateAPIView):
    """The modification log of one AI system.

    POST checks the entry against the Art 25 triggers before saving it: when one fires and
    `confirm` is not true, the answer is 409 with the triggers and nothing is saved.
    """

    queryset = Modification.objects.all()
    serializer_class = ModificationSerializer
    ordering = ["-changed_on", "-pk"]

    def system(self) -> AiSystem:
        return get_scoped_or_404(
            AiSystem.objects.select_related("organisation"), self.organisation, pk=self.kwargs["system_pk"]
        )

    def organisation_queryset(self, organisation):
        return self.queryset.filter(organisation=organisation, ai_system=self.system())

    @extend_schema(responses={201: ModificationSerializer, 409: TriggerPreviewSerializer})
    def post(self, request, *args, **kwargs):
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        confirm = data.pop("confirm", False)
        try:
            entry = services.modification_record(actor=self.actor, ai_system=self.system(), data=data, confirm=confirm)
        except services.ConfirmationNeeded as needed:
            payload = {
                "detail": "This change would make us the provider: send confirm=true to record it.",
                **needed.preview.as_dict(),
            }
            return Response(payload, status=status.HTTP_409_CONFLICT)
        return Response(self.get_serializer(entry).data, status=status.HTTP_201_CREATED)
