from django.urls import path

from evidence import views

app_name = "evidence"

urlpatterns = [
    path("", views.pack_list, name="pack_list"),
    path("new/", views.pack_create, name="pack_create"),
    path("retention/", views.retention_update, name="retention_update"),
    path("<int:pk>/", views.pack_detail, name="pack_detail"),
    path("<int:pk>/progress/", views.pack_progress, name="pack_progress"),
    path("<int:pk>/download/", views.pack_download, name="pack_download"),
    path("<int:pk>/retry/", views.pack_retry, name="pack_retry"),
]
