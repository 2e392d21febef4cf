from django.urls import path

from assessments import api

urlpatterns = [
    path("classify/", api.ClassifyView.as_view(), name="api-classify"),
    path("reclassifications/", api.ReclassificationListView.as_view(), name="api-reclassifications"),
    path("classifications/<int:pk>/reclassify/", api.ReclassifyView.as_view(), name="api-reclassify"),
    path(
        "ai-systems/<int:pk>/classifications/",
        api.SystemClassificationsView.as_view(),
        name="api-system-classifications",
    ),
]
