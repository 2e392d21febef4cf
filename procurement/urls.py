from django.urls import path

from procurement import views

app_name = "procurement"

urlpatterns = [
    path("", views.board, name="board"),
    path("new/", views.request_create, name="request_create"),
    path("<int:pk>/", views.request_detail, name="request_detail"),
    path("<int:pk>/accept/", views.acceptance_record, name="acceptance_record"),
    path("<int:pk>/decide/", views.request_decide, name="request_decide"),
    path("acceptances/<int:pk>/confirm/", views.acceptance_confirm, name="acceptance_confirm"),
    path("vendors/<int:vendor_pk>/questionnaire/", views.vendor_questionnaire, name="vendor_questionnaire"),
    path(
        "vendors/<int:vendor_pk>/questionnaire.xlsx", views.vendor_questionnaire_xlsx, name="vendor_questionnaire_xlsx"
    ),
    path(
        "vendors/<int:vendor_pk>/questionnaire/import/",
        views.vendor_questionnaire_import,
        name="vendor_questionnaire_import",
    ),
]
