"""Incidents API: the two stateless assessments, the incident register, its steps and reports."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.serializers import ErrorsSerializer
from core.access import Capability, get_scoped_or_404
from core.api_base import IsMember, OrganisationScopedMixin
from incidents import serializers, services
from incidents.filters import IncidentFilter
from incidents.models import Incident, IncidentAssessment, IncidentReport
from incidents.pdf import report_pdf
from incidents.stateless import incident_assessment, penalty_assessment


class StatelessAssessmentView(APIView):
    """POST the answers object; nothing is saved. Any member may ask."""

    permission_classes = [permissions.IsAuthenticated, IsMember]

    def required_capability(self, request) -> Capability:
        return Capability.READ


class IncidentAssessmentView(StatelessAssessmentView):
    """Assess a possible serious incident (spec/incidents.md §1)."""

    @extend_schema(
        request=serializers.IncidentAnswersSerializer,
        responses={200: OpenApiResponse(description="The incident assessment"), 400: ErrorsSerializer},
    )
    def post(self, request):
        return Response(incident_assessment(request.data))


class PenaltyExposureView(StatelessAssessmentView):
    """The ceiling of a fine for one kind of infringement (spec/incidents.md §2)."""

    @extend_schema(
        request=serializers.PenaltyAnswersSerializer,
        responses={200: OpenApiResponse(description="The penalty exposure"), 400: ErrorsSerializer},
    )
    def post(self, request):
        return Response(penalty_assessment(request.data))


class IncidentViewSet(
    OrganisationScopedMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Serious incidents. Anyone but the approver and auditor reports one (POST); owners, compliance and legal
    record steps, reports and reassessments; everyone reads. Incidents are closed, never deleted."""

    queryset = Incident.objects.select_related("ai_system")
    serializer_class = serializers.IncidentSerializer
    filterset_class = IncidentFilter
    ordering = ["-aware_at", "-pk"]

    def required_capability(self, request) -> Capability:
        if request.method in permissions.SAFE_METHODS:
            return Capability.READ
        return Capability.REPORT_INCIDENT if self.action == "create" else Capability.MANAGE_INCIDENTS

    def organisation_queryset(self, organisation):
        latest = IncidentAssessment.objects.filter(incident=OuterRef("pk")).order_by("-pk").values("result")[:1]
        return super().organisation_queryset(organisation).annotate(latest_result=Subquery(latest))

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return serializers.IncidentUpdateSerializer
        return super().get_serializer_class()

    def incident(self) -> Incident:
        return self.get_object()

    def _read(self, incident: Incident, status_code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=incident.pk)
        return Response(serializers.IncidentSerializer(fresh, context=self.get_serializer_context()).data, status_code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        incident = services.incident_report(
            actor=self.actor,
            ai_system=data.pop("ai_system"),
            answers=data.pop("answers", {}),
            aware_at=data.pop("aware_at"),
            aware_time_zone=data.pop("aware_time_zone", ""),
            data=data,
        )
        return self._read(incident, status.HTTP_201_CREATED)

    @extend_schema(request=serializers.IncidentUpdateSerializer, responses=serializers.IncidentSerializer)
    def update(self, request, *args, **kwargs):
        serializer = serializers.IncidentUpdateSerializer(data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        incident = services.incident_update(actor=self.actor, incident=self.incident(), data=serializer.validated_data)
        return self._read(incident)

    @extend_schema(request=serializers.ReassessSerializer, responses=serializers.IncidentAssessmentSerializer)
    @action(detail=True, methods=["post"])
    def reassess(self, request, pk=None):
        serializer = serializers.ReassessSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assessment = services.incident_reassess(actor=self.actor, incident=self.incident(), **serializer.validated_data)
        return Response(serializers.IncidentAssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.CloseSerializer, responses=serializers.IncidentSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        serializer = serializers.CloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        incident = services.incident_close(actor=self.actor, incident=self.incident(), **serializer.validated_data)
        return self._read(incident)

    @extend_schema(responses=serializers.IncidentAssessmentSerializer(many=True))
    @action(detail=True, methods=["get"])
    def assessments(self, request, pk=None):
        history = self.incident().assessments.select_related("created_by")
        return Response(serializers.IncidentAssessmentSerializer(history, many=True).data)

    @extend_schema(request=serializers.IncidentStepSerializer, responses=serializers.IncidentStepSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def steps(self, request, pk=None):
        incident = self.incident()
        if request.method == "GET":
            steps = incident.steps.select_related("created_by")
            return Response(serializers.IncidentStepSerializer(steps, many=True).data)
        serializer = serializers.IncidentStepSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        step = services.incident_step_record(actor=self.actor, incident=incident, **serializer.validated_data)
        return Response(serializers.IncidentStepSerializer(step).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=serializers.IncidentReportSerializer, responses=serializers.IncidentReportSerializer(many=True)
    )
    @action(detail=True, methods=["get", "post"])
    def reports(self, request, pk=None):
        incident = self.incident()
        if request.method == "GET":
            return Response(serializers.IncidentReportSerializer(incident.reports.all(), many=True).data)
        serializer = serializers.IncidentReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.incident_report_draft(actor=self.actor, incident=incident, **serializer.validated_data)
        return Response(serializers.IncidentReportSerializer(report).data, status=status.HTTP_201_CREATED)

    def report(self, report_pk) -> IncidentReport:
        incident = self.incident()
        return get_scoped_or_404(IncidentReport.objects.filter(incident=incident), incident.organisation, pk=report_pk)

    @extend_schema(request=serializers.MarkSentSerializer, responses=serializers.IncidentReportSerializer)
    @action(detail=True, methods=["post"], url_path=r"reports/(?P<report_pk>\d+)/sent")
    def report_sent(self, request, pk=None, report_pk=None):
        serializer = serializers.MarkSentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.incident_report_mark_sent(
            actor=self.actor, report=self.report(report_pk), **serializer.validated_data
        )
        return Response(serializers.IncidentReportSerializer(report).data)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path=r"reports/(?P<report_pk>\d+)/pdf")
    def report_pdf(self, request, pk=None, report_pk=None):
        report = self.report(report_pk)
        content = report.pdf.open("rb").read() if report.is_sent and report.pdf else report_pdf(report)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="incident-{report.incident_id}-report-{report.pk}.pdf"'
        return response
