from django.urls import path
from rest_framework.routers import DefaultRouter

from contracts import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("contracts", api.ContractViewSet, basename="contract")

urlpatterns = [
    *router.urls,
    path("ai-systems/<int:system_pk>/modifications/", api.ModificationList.as_view(), name="ai-system-modifications"),
]
