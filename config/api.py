"""The API's URLs: /api/v1/ (the resources, versioned by URL namespace), /api/schema/ (OpenAPI, drf-spectacular)
and /api/docs/ (Swagger UI from drf-spectacular-sidecar's static files: no internet needed).

Each app lists its resources in its API module as ``ROUTES`` — (prefix, viewset, basename) — and they are
registered here in one router."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from actions import api as actions_api
from journeys import api as journeys_api
from journeys import api_workshops
from workshops import api as workshops_api
from workshops import api_resources as workshops_resources

# Nested where natural: a parent's children as GET /<parents>/{id}/<children>/ (the same lists, narrowed).
NESTED = [
    (workshops_api.TeamViewSet, "members", workshops_api.MembershipViewSet, "team_id"),
    (workshops_api.TeamViewSet, "workshops", api_workshops.WorkshopViewSet, "team_id"),
    (workshops_api.TeamViewSet, "personas", journeys_api.PersonaViewSet, "team_id"),
    (api_workshops.WorkshopViewSet, "participants", workshops_resources.ParticipantViewSet, "workshop_id"),
    (journeys_api.JourneyViewSet, "stages", journeys_api.StageViewSet, "journey_id"),
    (journeys_api.JourneyViewSet, "touchpoints", journeys_api.TouchpointViewSet, "stage__journey_id"),
    (journeys_api.JourneyViewSet, "evidence", journeys_api.EvidenceViewSet, "journey_id"),
    (journeys_api.JourneyViewSet, "measurements", journeys_api.MeasurementViewSet, "journey_id"),
    (journeys_api.JourneyViewSet, "gaps", journeys_api.GapViewSet, "journey_id"),
    (journeys_api.JourneyViewSet, "improvements", actions_api.ImprovementViewSet, "journey_id"),
    (journeys_api.JourneyViewSet, "reviews", actions_api.ReviewViewSet, "journey_id"),
    (journeys_api.StageViewSet, "touchpoints", journeys_api.TouchpointViewSet, "stage_id"),
    (journeys_api.TouchpointViewSet, "notes", journeys_api.NoteViewSet, "touchpoint_id"),
    (journeys_api.MeasurementViewSet, "emotion-ratings", journeys_api.EmotionRatingViewSet, "measurement_id"),
]
for parent, url_path, child, parent_field in NESTED:
    workshops_api.nested_list(parent, url_path, child, parent_field)

router = DefaultRouter()
router.include_format_suffixes = False  # JSON only: /teams/, not /teams.json
for module in (workshops_api, api_workshops, workshops_resources, journeys_api, actions_api):
    for prefix, viewset, basename in module.ROUTES:
        router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("api/v1/", include((router.urls, "v1"), namespace="v1")),
    path("api/schema/", SpectacularAPIView.as_view(api_version="v1"), name="api_schema"),
    # The split view serves Swagger UI's start-up script as a file (?script): no inline script, so the CSP holds.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
]
