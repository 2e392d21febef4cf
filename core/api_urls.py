from django.urls import path
from rest_framework.routers import DefaultRouter

from core.api import AuditEventViewSet, MeView

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("audit-events", AuditEventViewSet, basename="audit-event")

urlpatterns = [path("me/", MeView.as_view(), name="api-me"), *router.urls]
