from django.urls import path

from assessments import api

urlpatterns = [
    path("classify/", api.ClassifyView.as_view(), name="api-classify"),
    path(
        "ai-systems/<int:pk>/classifications/",
        api.SystemClassificationsView.as_view(),
        name="api-system-classifications",
    ),
]
