from django.urls import path

from compliance import views

app_name = "compliance"

urlpatterns = [
    path("search/", views.global_search, name="search"),
    path("documents/", views.document_list, name="document_list"),
    path("systems/<int:system_pk>/request-missing/", views.request_missing, name="request_missing"),
    path("systems/<int:system_pk>/documents/<slug:code>/request/", views.request_one, name="request_one"),
    path("systems/<int:system_pk>/documents/<slug:code>/waive/", views.waive_unrequested, name="waive_unrequested"),
    path("systems/<int:system_pk>/reverify/", views.reverify_system, name="reverify_system"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/upload/", views.request_upload, name="request_upload"),
    path("requests/<int:pk>/refuse/", views.request_refuse, name="request_refuse"),
    path("requests/<int:pk>/waive/", views.request_waive, name="request_waive"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    path("documents/<int:pk>/facts/", views.document_facts, name="document_facts"),
    path("documents/<int:pk>/checklist/", views.document_checklist, name="document_checklist"),
    path("documents/<int:pk>/verify/", views.document_verify, name="document_verify"),
    path("documents/<int:pk>/reject/", views.document_reject, name="document_reject"),
    path("documents/<int:pk>/reverify/", views.document_reverify, name="document_reverify"),
    path("red-flags/", views.red_flag_list, name="red_flag_list"),
    path("red-flags/<int:pk>/accept/", views.red_flag_accept, name="red_flag_accept"),
    path("notified-bodies/", views.notified_body_list, name="notified_body_list"),
]
