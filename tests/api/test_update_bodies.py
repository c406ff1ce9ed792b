"""What is chosen once, when an object is made (its parent: the team of a persona or workshop, the journey of a
stage, …), is left out of PUT and PATCH: the schema neither requires nor offers it, a PUT with just the schema's
required fields is accepted, and an update that sends it anyway changes nothing."""

import json

import pytest
from django.urls import reverse

from journeys.models import EmotionRating, JourneyTemplate, Stage, Touchpoint
from journeys.services.workshops import workshop_create
from tests.api.conftest import bearer
from tests.urlwalk import API_OBJECTS
from workshops.models import Participant, Workshop

pytestmark = pytest.mark.django_db

# Route → the fields set on create only. (A touchpoint is not here: it may move to another stage of its journey.)
CREATE_ONLY = {
    "personas": ["team"],
    "stages": ["journey"],
    "evidence": ["journey"],
    "notes": ["touchpoint"],
    "emotion-ratings": ["measurement", "touchpoint", "participant"],
    "gaps": ["journey", "origin"],
    "improvements": ["journey"],
    "workshops": ["team", "template"],
}
BASENAME = {"personas": "persona", "stages": "stage", "evidence": "evidence", "notes": "note",
            "emotion-ratings": "emotion_rating", "gaps": "gap", "improvements": "improvement", "workshops": "workshop",
            "touchpoints": "touchpoint", "journeys": "journey", "members": "membership",
            "review-cycles": "review_cycle"}


@pytest.fixture
def schema(client, owner):
    client.force_login(owner)
    response = client.get(reverse("api_schema"), {"format": "json"})
    client.logout()
    return json.loads(response.content)


def request_body(schema, method, path):
    ref = schema["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return schema["components"]["schemas"][ref.rsplit("/", 1)[1]]


@pytest.mark.parametrize("prefix", CREATE_ONLY)
def test_the_schema_asks_for_a_parent_on_create_only(schema, prefix):
    created = request_body(schema, "post", f"/api/v1/{prefix}/")
    assert set(CREATE_ONLY[prefix]) <= set(created["properties"])
    for method in ("put", "patch"):
        updated = request_body(schema, method, f"/api/v1/{prefix}/{{id}}/")
        assert not set(CREATE_ONLY[prefix]) & set(updated["properties"]), method
        assert not set(CREATE_ONLY[prefix]) & set(updated.get("required", [])), method
    # The answer to an update is the resource itself, as GET shows it.
    answers = {schema["paths"][f"/api/v1/{prefix}/{{id}}/"][method]["responses"]["200"]["content"]
               ["application/json"]["schema"]["$ref"] for method in ("get", "put", "patch")}
    assert len(answers) == 1


def test_every_put_route_is_checked(schema):
    puts = {path.split("/")[3] for path, operations in schema["paths"].items() if "put" in operations}
    assert puts == set(BASENAME)


@pytest.mark.parametrize("prefix", sorted(BASENAME))
def test_a_put_with_just_the_schemas_required_fields_is_accepted(client, schema, tokens, team_a, prefix):
    url = f"/api/v1/{prefix}/{API_OBJECTS[BASENAME[prefix]](team_a).pk}/"
    before = client.get(url, **bearer(tokens["owner"])).json()
    required = request_body(schema, "put", f"/api/v1/{prefix}/{{id}}/").get("required", [])
    body = {name: before[name] for name in required}

    response = client.put(url, body, content_type="application/json", **bearer(tokens["owner"]))

    assert response.status_code == 200, response.json()
    changed = {name for name, value in response.json().items() if before.get(name) != value}
    assert changed <= {"updated_at"}


def test_an_update_sending_a_parent_moves_nothing(client, tokens, team_a, owner):
    other = workshop_create(team=team_a["team"], title="Andere workshop", facilitator=owner,
                            template=JourneyTemplate.BLANK)
    other_touchpoint = Touchpoint.objects.create(stage=other.journey.stages.create(name="Elders", position=0),
                                                 name="Elders")
    stage, rating = team_a["objects"]["stage"], team_a["rating"]
    auth = bearer(tokens["owner"])

    response = client.put(f"/api/v1/stages/{stage.pk}/", {"name": "Oriëntatie", "journey": other.journey.pk},
                          content_type="application/json", **auth)
    assert response.status_code == 200 and response.json()["journey"] == stage.journey_id
    response = client.patch(f"/api/v1/emotion-ratings/{rating.pk}/", {
        "score": 1, "touchpoint": other_touchpoint.pk,
        "participant": Participant.objects.create(workshop=other, display_name="Elders").pk,
    }, content_type="application/json", **auth)
    assert response.status_code == 200 and response.json()["score"] == 1
    response = client.patch(f"/api/v1/workshops/{team_a['workshop'].pk}/", {"title": "Nieuw", "template": "blank"},
                            content_type="application/json", **auth)
    assert response.status_code == 200 and response.json()["title"] == "Nieuw"

    assert Stage.objects.get(pk=stage.pk).journey_id == team_a["workshop"].journey_id
    assert EmotionRating.objects.filter(pk=rating.pk, touchpoint=rating.touchpoint_id,
                                        participant=rating.participant_id).exists()
    assert Workshop.objects.get(pk=team_a["workshop"].pk).journey.stages.count() == 5  # not re-made from "blank"
