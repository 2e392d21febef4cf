"""REST API of procurement requests: open, read (with what blocks them), decide."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.access import Capability
from core.api_base import OrganisationScopedMixin
from procurement import gates, selectors, services
from procurement.models import ProcurementRequest
from procurement.serializers import BlockingSerializer, DecideSerializer, ProcurementRequestSerializer

REQUEST_FIELDS = services.REQUEST_FIELDS


class ProcurementRequestViewSet(
    OrganisationScopedMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Procurement requests; `blocking` lists what stops approval now, evaluated from live data.

    Requesters see and open their own requests; approvers (and the owner) decide.
    """

    queryset = ProcurementRequest.objects.all()
    serializer_class = ProcurementRequestSerializer
    write_capability = Capability.CREATE_OWN_REGISTRY
    ordering = ["created_at", "pk"]

    def required_capability(self, request):
        if getattr(self, "action", None) == "decide":
            return Capability.APPROVE
        return super().required_capability(request)

    def organisation_queryset(self, organisation):
        return selectors.requests_visible_to(self.membership).prefetch_related("conditions")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "gates": self._gates}

    @property
    def _gates(self) -> dict:
        if not hasattr(self, "_gate_results"):
            self._gate_results = {}
        return self._gate_results

    def _evaluate(self, requests) -> None:
        self._gates.update(gates.evaluate_many(requests))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = page if page is not None else list(self.filter_queryset(self.get_queryset()))
        self._evaluate(rows)
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        self._evaluate([instance])
        return Response(self.get_serializer(instance).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        created = services.procurement_request_create(
            actor=self.actor, ai_system=data["ai_system"], data={k: data[k] for k in REQUEST_FIELDS if k in data}
        )
        instance = self.get_queryset().get(pk=created.pk)
        self._evaluate([instance])
        return Response(self.get_serializer(instance).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=DecideSerializer,
        responses={
            200: ProcurementRequestSerializer,
            409: OpenApiResponse(BlockingSerializer(many=True), description="Gates not met: the blocking items."),
        },
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Approve, approve with conditions (each a dated deadline with an owner) or reject, with reasons."""
        instance = self.get_object()
        body = DecideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            services.procurement_request_decide(
                actor=self.actor,
                request=instance,
                decision=body.validated_data["decision"],
                reason=body.validated_data["reason"],
                conditions=body.validated_data.get("conditions", []),
            )
        except services.GatesNotMet as refusal:
            blocking = [item.as_dict() for item in refusal.blocking]
            return Response({"detail": "Gates not met.", "blocking": blocking}, status=status.HTTP_409_CONFLICT)
        instance = self.get_queryset().get(pk=instance.pk)
        self._evaluate([instance])
        return Response(self.get_serializer(instance).data)
