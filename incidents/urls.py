from django.urls import path

from incidents import views

app_name = "incidents"

urlpatterns = [
    path("", views.incident_list, name="incident_list"),
    path("report/", views.incident_create, name="incident_create"),
    path("<int:pk>/", views.incident_detail, name="incident_detail"),
    path("<int:pk>/steps/", views.step_create, name="step_create"),
    path("<int:pk>/reassess/", views.incident_reassess, name="incident_reassess"),
    path("<int:pk>/close/", views.incident_close, name="incident_close"),
    path("<int:pk>/files/", views.file_upload, name="file_upload"),
    path("<int:pk>/files/<int:file_pk>/", views.file_download, name="file_download"),
    path("<int:pk>/reports/", views.report_create, name="report_create"),
    path("<int:pk>/reports/<int:report_pk>/", views.report_edit, name="report_edit"),
    path("<int:pk>/reports/<int:report_pk>/sent/", views.report_mark_sent, name="report_mark_sent"),
    path("<int:pk>/reports/<int:report_pk>/pdf/", views.report_download, name="report_download"),
    path("penalty-exposure/", views.penalty_exposure, name="penalty_exposure"),
    path("penalty-exposure/evidence/", views.penalty_evidence, name="penalty_evidence"),
    path("settings/", views.organisation_settings, name="organisation_settings"),
]
