from rest_framework.routers import DefaultRouter

from compliance import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("document-requests", api.DocumentRequestViewSet, basename="document-request")
router.register("documents", api.DocumentViewSet, basename="document")
router.register("red-flags", api.RedFlagViewSet, basename="red-flag")
router.register("notified-bodies", api.NotifiedBodyViewSet, basename="notified-body")

urlpatterns = router.urls
