from rest_framework.routers import DefaultRouter

from vendors import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("vendors", api.VendorViewSet, basename="vendor")
router.register("contacts", api.ContactViewSet, basename="contact")
router.register("ai-systems", api.AiSystemViewSet, basename="ai-system")
router.register("gpai-models", api.GpaiModelViewSet, basename="gpai-model")

urlpatterns = router.urls
