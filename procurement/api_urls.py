from rest_framework.routers import DefaultRouter

from procurement import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("procurement-requests", api.ProcurementRequestViewSet, basename="procurement-request")

urlpatterns = router.urls
