"""The API's URLs: /api/v1/ (the resources, versioned by URL namespace), /api/schema/ (OpenAPI, drf-spectacular)
and /api/docs/ (Swagger UI from drf-spectacular-sidecar's static files: no internet needed).

Each app lists its resources in its API module as ``ROUTES`` — (prefix, viewset, basename) — and they are
registered here in one router."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from actions import api as actions_api
from journeys import api as journeys_api
from workshops import api as workshops_api
from workshops import api_resources as workshops_resources

router = DefaultRouter()
router.include_format_suffixes = False  # JSON only: /teams/, not /teams.json
for module in (workshops_api, workshops_resources, journeys_api, actions_api):
    for prefix, viewset, basename in module.ROUTES:
        router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("api/v1/", include((router.urls, "v1"), namespace="v1")),
    path("api/schema/", SpectacularAPIView.as_view(api_version="v1"), name="api_schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
]
