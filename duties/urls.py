from django.urls import path

from duties import views

app_name = "duties"

urlpatterns = [
    path("", views.my_duties, name="my_duties"),
    path("<int:pk>/", views.duty_detail, name="duty_detail"),
    path("<int:pk>/update/", views.duty_update, name="duty_update"),
    path("<int:pk>/record/", views.duty_record, name="duty_record"),
    path("<int:pk>/oversight/", views.oversight_add, name="oversight_add"),
    path("oversight/<int:pk>/remove/", views.oversight_remove, name="oversight_remove"),
    path("evidence/<slug:kind>/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("systems/<int:system_pk>/fria/", views.fria_start, name="fria_start"),
    path("systems/<int:system_pk>/users/", views.system_user_add, name="system_user_add"),
    path("frias/<int:pk>/", views.fria_detail, name="fria_detail"),
    path("frias/<int:pk>/sections/<slug:field>/", views.fria_section, name="fria_section"),
    path("frias/<int:pk>/submit/", views.fria_submit, name="fria_submit"),
    path("frias/<int:pk>/approve/", views.fria_approve, name="fria_approve"),
    path("frias/<int:pk>/notify/", views.fria_notify, name="fria_notify"),
    path("frias/<int:pk>/reopen/", views.fria_reopen, name="fria_reopen"),
    path("frias/<int:pk>/fria.pdf", views.fria_pdf, name="fria_pdf"),
    path("frias/<int:pk>/notification.pdf", views.fria_notification_pdf, name="fria_notification_pdf"),
    path("literacy/", views.literacy, name="literacy"),
    path("literacy/trainings/", views.training_add, name="training_add"),
    path("literacy/trainings/<int:pk>/delete/", views.training_delete, name="training_delete"),
    path("literacy/users/<int:pk>/remove/", views.system_user_remove, name="system_user_remove"),
]
