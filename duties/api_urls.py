from rest_framework.routers import DefaultRouter

from duties import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("duties", api.DutyViewSet, basename="duty")
router.register("frias", api.FriaViewSet, basename="fria")
router.register("trainings", api.TrainingViewSet, basename="training")

urlpatterns = router.urls
