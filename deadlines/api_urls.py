from rest_framework.routers import DefaultRouter

from deadlines.api import DeadlineViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("deadlines", DeadlineViewSet, basename="deadline")

urlpatterns = router.urls
