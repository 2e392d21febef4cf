"""Classification API: stateless `classify` and the snapshots of an AI system."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments import selectors, serializers, services
from assessments.models import Classification
from core.access import Capability, get_scoped_or_404
from core.api_base import IsMember, OrganisationScopedMixin, api_actor, api_membership
from vendors.models import AiSystem


class ClassifyView(APIView):
    """Classify an answer set; saves nothing (the public classification contract)."""

    permission_classes = [permissions.IsAuthenticated, IsMember]

    def required_capability(self, request) -> Capability:
        return Capability.READ

    @extend_schema(
        request=serializers.ClassifyRequestSerializer,
        responses={200: OpenApiResponse(description="The classification result"), 400: serializers.ErrorsSerializer},
    )
    def post(self, request):
        body = request.data
        if not isinstance(body, dict):
            raise ValidationError({"answers": "The body must be a JSON object with an 'answers' object."})
        timeline = body.get("timeline")
        if timeline is not None and not isinstance(timeline, str):
            raise ValidationError({"timeline": "The timeline must be a string."})
        return Response(
            services.classify(answers=body.get("answers", {}), timeline=timeline, pack_version=body.get("pack_version"))
        )


class SystemClassificationsView(OrganisationScopedMixin, generics.ListCreateAPIView):
    """The snapshots of one AI system (newest first); POST answers to save a new one."""

    serializer_class = serializers.ClassificationSerializer
    # Requesters may classify the systems they created; the service checks ownership.
    write_capability = Capability.CREATE_OWN_REGISTRY
    queryset = Classification.objects.select_related("created_by")

    def ai_system(self) -> AiSystem:
        return get_scoped_or_404(
            AiSystem.objects.all(), api_membership(self.request).organisation, pk=self.kwargs["pk"]
        )

    def get_queryset(self):
        return super().get_queryset().filter(ai_system=self.ai_system())

    @extend_schema(request=serializers.ClassifyRequestSerializer, responses={201: serializers.ClassificationSerializer})
    def post(self, request, *args, **kwargs):
        system = self.ai_system()
        body = request.data if isinstance(request.data, dict) else {}
        snapshot = services.classification_save(
            actor=self.actor,
            ai_system=system,
            answers=body.get("answers", {}),
            timeline=body.get("timeline"),
            note=str(body.get("note", "")),
        )
        return Response(self.get_serializer(snapshot).data, status=status.HTTP_201_CREATED)


class ReclassificationListView(APIView):
    """Systems whose current classification came from an older pack and would change under the newest."""

    permission_classes = [permissions.IsAuthenticated, IsMember]

    def required_capability(self, request) -> Capability:
        return Capability.MANAGE_REGISTRY

    @extend_schema(responses={200: serializers.ReclassificationSerializer(many=True)})
    def get(self, request):
        candidates = selectors.reclassification_candidates(api_membership(request).organisation)
        return Response(serializers.ReclassificationSerializer(candidates, many=True).data)


class ReclassifyView(APIView):
    """Confirm one re-classification under the newest pack (a new, audited snapshot)."""

    permission_classes = [permissions.IsAuthenticated, IsMember]

    def required_capability(self, request) -> Capability:
        return Capability.MANAGE_REGISTRY

    @extend_schema(
        request=serializers.ReclassifyRequestSerializer,
        responses={201: serializers.ClassificationSerializer, 400: serializers.ErrorsSerializer},
    )
    def post(self, request, pk: int):
        snapshot = get_scoped_or_404(Classification.objects.all(), api_membership(request).organisation, pk=pk)
        body = request.data if isinstance(request.data, dict) else {}
        snapshot = services.classification_reclassify(
            actor=api_actor(request),
            classification=snapshot,
            pack_sha256=str(body.get("pack_sha256", "")),
            note=str(body.get("note", "")),
        )
        return Response(serializers.ClassificationSerializer(snapshot).data, status=status.HTTP_201_CREATED)
