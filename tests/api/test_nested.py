"""Nested where natural: GET /<parents>/{id}/<children>/ lists one parent's children with the children's own
scoping, filters, ordering and pagination; a parent outside my teams is a 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.api import NESTED
from journeys.models import Stage, Touchpoint
from tests.api.conftest import bearer, grow_team

pytestmark = pytest.mark.django_db


def test_a_journeys_stages_and_touchpoints(client, team_a, tokens):
    journey = team_a["workshop"].journey
    other = team_a["workshop"].journey.stages.first()
    response = client.get(f"/api/v1/journeys/{journey.pk}/stages/?ordering=-position", **bearer(tokens["owner"]))
    assert response.status_code == 200
    body = response.json()
    expected = list(Stage.objects.filter(journey=journey).order_by("-position").values_list("pk", flat=True))
    assert [row["id"] for row in body["results"]] == expected and body["count"] == len(expected)
    touchpoints = client.get(f"/api/v1/stages/{other.pk}/touchpoints/", **bearer(tokens["owner"])).json()
    assert {row["id"] for row in touchpoints["results"]} == set(
        Touchpoint.objects.filter(stage=other).values_list("pk", flat=True))


def test_every_nested_list_is_a_404_for_an_outsider_and_a_200_for_a_viewer(client, team_a, tokens):
    parents = {"team": team_a["team"], "workshop": team_a["workshop"], "journey": team_a["workshop"].journey,
               "stage": team_a["objects"]["stage"], "touchpoint": team_a["objects"]["touchpoint"],
               "measurement": team_a["objects"]["review"].measurement}
    prefixes = {"team": "teams", "workshop": "workshops", "journey": "journeys", "stage": "stages",
                "touchpoint": "touchpoints", "measurement": "measurements"}
    assert len(NESTED) >= 14
    for parent_viewset, url_path, _child, _field in NESTED:
        kind = parent_viewset.queryset.model._meta.model_name
        url = f"/api/v1/{prefixes[kind]}/{parents[kind].pk}/{url_path}/"
        assert client.get(url, **bearer(tokens["outsider"])).status_code == 404, url
        response = client.get(url, **bearer(tokens["viewer"]))
        assert response.status_code == 200 and "results" in response.json(), url


def test_a_nested_list_costs_the_same_queries_small_or_large(client, team_a, tokens, owner, member):
    journey = team_a["workshop"].journey
    url = f"/api/v1/journeys/{journey.pk}/touchpoints/"
    client.get(url, **bearer(tokens["owner"]))  # the token's first use writes last_used_at

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, **bearer(tokens["owner"])).status_code == 200
        return len(queries)

    small = count()
    stage = journey.stages.first()
    Touchpoint.objects.bulk_create(Touchpoint(stage=stage, name=f"Extra {n}", position=10 + n) for n in range(30))
    grow_team(team_a["team"], owner=owner, member=member)
    assert count() == small
