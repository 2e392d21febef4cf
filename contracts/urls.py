from django.urls import path

from contracts import views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list, name="contract_list"),
    path("new/", views.contract_create, name="contract_create"),
    path("<int:pk>/", views.contract_detail, name="contract_detail"),
    path("<int:pk>/edit/", views.contract_edit, name="contract_edit"),
    path("<int:pk>/signed-file/", views.contract_file, name="contract_file"),
    path("<int:pk>/allocation-schedule.<str:fmt>", views.allocation_schedule, name="allocation_schedule"),
    path("clauses/<int:pk>/state/", views.clause_state, name="clause_state"),
    path("clauses/<int:pk>/", views.clause_edit, name="clause_edit"),
    path("ai-systems/<int:system_pk>/modifications/new/", views.modification_create, name="modification_create"),
]
