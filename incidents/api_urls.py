from django.urls import path
from rest_framework.routers import DefaultRouter

from incidents import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("incidents", api.IncidentViewSet, basename="incident")

urlpatterns = [
    path("incident-assessment/", api.IncidentAssessmentView.as_view(), name="api-incident-assessment"),
    path("penalty-exposure/", api.PenaltyExposureView.as_view(), name="api-penalty-exposure"),
    *router.urls,
]
