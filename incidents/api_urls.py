from django.urls import path

from incidents import api

urlpatterns = [
    path("incident-assessment/", api.IncidentAssessmentView.as_view(), name="api-incident-assessment"),
    path("penalty-exposure/", api.PenaltyExposureView.as_view(), name="api-penalty-exposure"),
]
