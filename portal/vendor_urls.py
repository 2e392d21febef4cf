"""The vendor's own URLs (mounted at /p/): every one carries the link's token."""

from django.urls import path

from portal import vendor_views

app_name = "portal_vendor"

urlpatterns = [
    path("<str:token>/", vendor_views.home, name="home"),
    path("<str:token>/questionnaire/", vendor_views.questionnaire, name="questionnaire"),
    path("<str:token>/questionnaire.xlsx", vendor_views.questionnaire_xlsx, name="questionnaire_xlsx"),
    path("<str:token>/questionnaire/import/", vendor_views.questionnaire_import, name="questionnaire_import"),
    path("<str:token>/requests/<int:request_id>/upload/", vendor_views.upload, name="upload"),
    path("<str:token>/requests/<int:request_id>/comment/", vendor_views.comment, name="comment"),
]
