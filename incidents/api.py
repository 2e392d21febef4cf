"""Incidents API: the two stateless assessments, the incident register, its steps and reports."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from core.access import Capability
from core.api_base import IsMember
from incidents import serializers
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
        responses={200: OpenApiResponse(description="The incident assessment"), 400: serializers.ErrorsSerializer},
    )
    def post(self, request):
        return Response(incident_assessment(request.data))


class PenaltyExposureView(StatelessAssessmentView):
    """The ceiling of a fine for one kind of infringement (spec/incidents.md §2)."""

    @extend_schema(
        request=serializers.PenaltyAnswersSerializer,
        responses={200: OpenApiResponse(description="The penalty exposure"), 400: serializers.ErrorsSerializer},
    )
    def post(self, request):
        return Response(penalty_assessment(request.data))
