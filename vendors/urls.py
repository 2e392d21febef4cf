from django.urls import path

from vendors import views

app_name = "vendors"

urlpatterns = [
    path("", views.vendor_list, name="vendor_list"),
    path("new/", views.vendor_create, name="vendor_create"),
    path("<int:pk>/", views.vendor_detail, name="vendor_detail"),
    path("<int:pk>/edit/", views.vendor_edit, name="vendor_edit"),
    path("<int:pk>/archive/", views.vendor_archive, name="vendor_archive"),
    path("<int:vendor_pk>/contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", views.contact_delete, name="contact_delete"),
    path("systems/", views.system_list, name="system_list"),
    path("systems/new/", views.system_create, name="system_create"),
    path("systems/<int:pk>/", views.system_detail, name="system_detail"),
    path("systems/<int:pk>/edit/", views.system_edit, name="system_edit"),
    path("systems/<int:pk>/archive/", views.system_archive, name="system_archive"),
    path("gpai-models/", views.gpai_model_list, name="gpai_model_list"),
    path("gpai-models/new/", views.gpai_model_create, name="gpai_model_create"),
    path("gpai-models/<int:pk>/", views.gpai_model_detail, name="gpai_model_detail"),
    path("gpai-models/<int:pk>/edit/", views.gpai_model_edit, name="gpai_model_edit"),
]
