"""REST API of deployer duties, FRIAs and AI literacy trainings; every write goes through services."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api_base import OrganisationScopedMixin
from duties import services
from duties.models import FRIA_FIELDS, Duty, Fria, Training
from duties.serializers import (
    DutyRecordSerializer,
    DutySerializer,
    FriaNotifySerializer,
    FriaReopenSerializer,
    FriaSerializer,
    FriaSubmitSerializer,
    TrainingSerializer,
)


class DutyViewSet(
    OrganisationScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Our deployer duties per AI system. PATCH changes owner, status, reason or note; `record` stores the record."""

    accepts_uploads = True  # see core.web.accepts_uploads

    queryset = Duty.objects.select_related("ai_system").prefetch_related("oversight_people")
    serializer_class = DutySerializer
    filterset_fields = ["ai_system", "status", "owner", "code", "pre_use"]
    ordering = ["ai_system_id", "-pre_use", "pk"]
    http_method_names = ["get", "patch", "post", "head", "options"]

    def perform_update(self, serializer):
        services.duty_update(actor=self.actor, duty=serializer.instance, data=serializer.validated_data)

    @extend_schema(request=DutyRecordSerializer, responses=DutySerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def record(self, request, pk=None):
        """Store the structured record (and its file); a complete record marks the duty done."""
        duty = self.get_object()
        body = DutyRecordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.duty_record_save(
            actor=self.actor, duty=duty, data=body.validated_data["record"], file=body.validated_data.get("file")
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=duty.pk)).data)


class FriaViewSet(
    OrganisationScopedMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """FRIA versions (Art 27). POST starts one (blank or reusing `reused_from`); PATCH edits a draft's elements."""

    queryset = Fria.objects.select_related("ai_system").prefetch_related("reviewers")
    serializer_class = FriaSerializer
    filterset_fields = ["ai_system", "status"]
    ordering = ["ai_system_id", "-version"]
    http_method_names = ["get", "patch", "post", "head", "options"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        fria = services.fria_start(actor=self.actor, ai_system=data["ai_system"], reuse=data.get("reused_from"))
        serializer.instance = self.get_queryset().get(pk=fria.pk)

    def perform_update(self, serializer):
        data = serializer.validated_data
        texts = {name: data[name] for name in FRIA_FIELDS if name in data}
        services.fria_update(
            actor=self.actor, fria=serializer.instance, data=texts, reuse_checks=data.get("reuse_checks")
        )
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def _fria_response(self, fria: Fria) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=fria.pk)).data)

    @extend_schema(request=FriaSubmitSerializer, responses=FriaSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        fria = self.get_object()
        body = FriaSubmitSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        return self._fria_response(
            services.fria_submit(actor=self.actor, fria=fria, reviewers=body.validated_data["reviewers"])
        )

    @extend_schema(request=None, responses=FriaSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._fria_response(services.fria_approve(actor=self.actor, fria=self.get_object()))

    @extend_schema(request=FriaNotifySerializer, responses=FriaSerializer)
    @action(detail=True, methods=["post"])
    def notify(self, request, pk=None):
        """Record the date the results were sent to the market surveillance authority (Art 27(3))."""
        fria = self.get_object()
        body = FriaNotifySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._fria_response(services.fria_notify(actor=self.actor, fria=fria, **body.validated_data))

    @extend_schema(request=FriaReopenSerializer, responses=FriaSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Re-open an approved FRIA as a new draft version (modification, incident, new information)."""
        fria = self.get_object()
        body = FriaReopenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        reopened = services.fria_reopen(
            actor=self.actor, ai_system=fria.ai_system, reason=body.validated_data["reason"]
        )
        return Response(self.get_serializer(reopened).data, status=status.HTTP_201_CREATED)


class TrainingViewSet(
    OrganisationScopedMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """AI literacy trainings per member (Art 4). POST (JSON or multipart with `evidence`) records one."""

    accepts_uploads = True  # see core.web.accepts_uploads

    queryset = Training.objects.select_related("member")
    serializer_class = TrainingSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_fields = ["member"]
    ordering = ["-taken_on", "-pk"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        evidence = data.pop("evidence", None)
        training = services.training_create(actor=self.actor, data=data, evidence=evidence)
        serializer.instance = training

    def perform_destroy(self, instance):
        services.training_delete(actor=self.actor, training=instance)
