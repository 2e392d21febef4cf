from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

api_v1 = [
    path("", include("core.api_urls")),
    path("", include("vendors.api_urls")),
    path("", include("assessments.api_urls")),
    path("", include("deadlines.api_urls")),
    path("", include("compliance.api_urls")),
    path("", include("contracts.api_urls")),
    path("", include("incidents.api_urls")),
    path("", include("procurement.api_urls")),
    path("", include("duties.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: the Content-Security-Policy allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("", include("core.urls")),
    path("vendors/", include("vendors.urls")),
    path("assessments/", include("assessments.urls")),
    path("deadlines/", include("deadlines.urls")),
    path("compliance/", include("compliance.urls")),
    path("contracts/", include("contracts.urls")),
    path("incidents/", include("incidents.urls")),
    path("duties/", include("duties.urls")),
    path("procurement/", include("procurement.urls")),
    path("portal-links/", include("portal.urls")),
    path("p/", include("portal.vendor_urls")),  # the vendor's own interface, no account
    path("evidence/", include("evidence.urls")),
]
