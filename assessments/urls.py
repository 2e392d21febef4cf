from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("systems/<int:pk>/classify/", views.questionnaire, name="questionnaire"),
    path("systems/<int:pk>/classify/preview/", views.section_preview, name="section_preview"),
    path("systems/<int:pk>/classify/review/", views.review, name="review"),
    path("systems/<int:pk>/classify/discard/", views.discard_draft, name="discard_draft"),
    path("systems/<int:pk>/classifications/", views.history, name="history"),
    path("systems/<int:pk>/classifications/compare/", views.compare, name="compare"),
    path("classifications/<int:pk>/", views.classification_detail, name="classification_detail"),
    path("classifications/reclassification/", views.reclassification_list, name="reclassification_list"),
    path("classifications/<int:pk>/reclassify/", views.reclassify, name="reclassify"),
]
