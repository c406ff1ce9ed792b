"""The journeys part of the API: personas, journeys, stages, touchpoints, evidence, notes, measurements,
emotion ratings and gaps. Per resource: the happy path, a viewer's 403, an outsider's 404, another team's id
as a 400 field error, and range checks; then the cross-journey rules and the ratings' one-per-triple rule."""


import pytest

from journeys import models as journey_models
from journeys.services.ideal import ideal_journey_create
from journeys.services.workshops import workshop_create
from tests.actors import MEMBER
from tests.api.conftest import used_token
from tests.db_snapshot import nothing_written
from workshops.models import Participant

# These tests read the English messages (Dutch is checked in tests/test_project.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


class Api:
    """A test client speaking JSON with ``user``'s personal token (used once already: its first use records when it
    was used, so a refused request after it writes nothing at all, as ``nothing_written`` checks)."""

    def __init__(self, client, user):
        self.client = client
        self.auth = used_token(client, user)

    def get(self, url, params=None):
        return self.client.get(url, params or {}, **self.auth)

    def post(self, url, data):
        return self.client.post(url, data, content_type="application/json", **self.auth)

    def patch(self, url, data):
        return self.client.patch(url, data, content_type="application/json", **self.auth)

    def delete(self, url):
        return self.client.delete(url, **self.auth)


@pytest.fixture
def api(client):
    return lambda user: Api(client, user)


def build_world(team, facilitator, *, name):
    """A workshop's journey with a stage, a touchpoint, a participant, a persona, evidence, a note, a rating
    and a gap; its ideal version."""
    workshop = workshop_create(team=team, title=f"Reis {name}", facilitator=facilitator,
                               template=journey_models.JourneyTemplate.FIVE_PHASES)
    journey = workshop.journey
    stage = journey.stages.order_by("position").first()
    touchpoint = journey_models.Touchpoint.objects.create(stage=stage, name=f"Website {name}")
    participant = Participant.objects.create(workshop=workshop, display_name=f"Gast {name}")
    baseline = journey_models.Measurement.objects.get(journey=journey)
    ideal, _created = ideal_journey_create(actor=MEMBER, journey=journey)
    return {
        "team": team, "workshop": workshop, "journey": journey, "stage": stage, "touchpoint": touchpoint,
        "participant": participant, "measurement": baseline, "ideal": ideal,
        "ideal_touchpoint": journey_models.Touchpoint.objects.get(source=touchpoint),
        "persona": journey_models.Persona.objects.create(team=team, name=f"Persona {name}"),
        "evidence": journey_models.Evidence.objects.create(journey=journey, kind="qualitative", quote=f"Citaat {name}"),
        "note": journey_models.Note.objects.create(touchpoint=touchpoint, kind="thorn", text=f"Doorn {name}"),
        "rating": journey_models.EmotionRating.objects.create(measurement=baseline, touchpoint=touchpoint,
                                                              participant=participant, score=-2),
        "gap": journey_models.Gap.objects.create(journey=journey, problem=f"Knelpunt {name}"),
    }


@pytest.fixture
def alfa(owner, facilitator, member, viewer):
    world = build_world(owner.current_team, owner, name="Alfa")
    # The member in the workshop's room: through the API a member writes only their own scores.
    world["me"] = Participant.objects.create(workshop=world["workshop"], user=member, display_name="Mo")
    return world


@pytest.fixture
def bravo(outsider):
    return build_world(outsider.current_team, outsider, name="Bravo")


# Per resource: its URL, what it is in a world, a valid new one (with the world's ids), a valid change, the
# parent field (another team's id there is a 400) and bad values (each a 400 naming the field).
RESOURCES = {
    "personas": dict(
        key="persona", parent="team",
        new=lambda w: {"team": w["team"].pk, "name": "Petra", "archetype": "de drukke ouder", "goals": "Snel"},
        change={"frustrations": "Wachten"},
        bad=[({"name": ""}, "name"), ({"name": "x" * 121}, "name")],
    ),
    "stages": dict(
        key="stage", parent="journey",
        new=lambda w: {"journey": w["journey"].pk, "name": "  Nazorg ", "scenario": "Bellen"},
        change={"customer_goal": "Ik wil hulp"},
        bad=[({"name": " "}, "name"), ({"name": "x" * 121}, "name")],
    ),
    "touchpoints": dict(
        key="touchpoint", parent="stage",
        new=lambda w: {"stage": w["stage"].pk, "name": "Chat", "channel": "chat", "importance": 5,
                       "moment_of_truth": True},
        change={"importance": 1, "lane": "back"},
        bad=[({"importance": 0}, "importance"), ({"importance": 6}, "importance"),
             ({"channel": "fax"}, "channel"), ({"target_emotion": 2}, "target_emotion")],
    ),
    "evidence": dict(
        key="evidence", parent="journey",
        new=lambda w: {"journey": w["journey"].pk, "kind": "quantitative", "metric": "Conversie",
                       "value": "12,5", "unit": "%", "touchpoint": w["touchpoint"].pk, "source": "crm"},
        change={"source_detail": "Q3"},
        bad=[({"value": "twaalf"}, "value"), ({"value": "1" * 11}, "value"), ({"metric": ""}, "metric"),
             ({"source": "gerucht"}, "source")],
    ),
    "notes": dict(
        key="note", parent="touchpoint",
        new=lambda w: {"touchpoint": w["touchpoint"].pk, "kind": "bud", "text": "  Een   kans "},
        change={"kind": "rose"},
        bad=[({"text": "x" * 301}, "text"), ({"kind": "tulip"}, "kind"), ({"text": "   "}, "text")],
    ),
    "emotion-ratings": dict(
        key="rating", parent="measurement",
        new=lambda w: {"measurement": w["measurement"].pk, "touchpoint": w["touchpoint"].pk,
                       "participant": w["me"].pk if "me" in w else w["participant"].pk, "score": 4,
                       "comment": " Prima "},
        change={"score": -5},
        bad=[({"score": 6}, "score"), ({"score": -6}, "score"), ({"score": "veel"}, "score"),
             ({"comment": "x" * 301}, "comment")],
    ),
    "gaps": dict(
        key="gap", parent="journey",
        new=lambda w: {"journey": w["journey"].pk, "problem": "Klanten wachten te lang",
                       "touchpoints": [w["touchpoint"].pk]},
        change={"description": "Vooral op maandag"},
        bad=[({"problem": ""}, "problem"), ({"problem": "x" * 251}, "problem"), ({"origin": "magic"}, "origin")],
    ),
}


@pytest.mark.parametrize("prefix", RESOURCES)
def test_a_member_creates_reads_changes_and_deletes(api, member, alfa, prefix):
    spec, client = RESOURCES[prefix], api(member)
    created = client.post(f"/api/v1/{prefix}/", spec["new"](alfa))
    assert created.status_code == 201, created.json()
    url = f"/api/v1/{prefix}/{created.json()['id']}/"
    assert client.get(url).json() == created.json()
    listed = client.get(f"/api/v1/{prefix}/").json()
    assert created.json()["id"] in [row["id"] for row in listed["results"]]
    changed = client.patch(url, spec["change"])
    assert changed.status_code == 200, changed.json()
    assert {name: changed.json()[name] for name in spec["change"]} == spec["change"]
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404


def test_what_a_create_makes(api, member, alfa):
    client = api(member)
    stage = client.post("/api/v1/stages/", RESOURCES["stages"]["new"](alfa)).json()
    assert stage["name"] == "Nazorg" and stage["position"] == 5  # after the template's five stages
    figure = journey_models.Evidence.objects.get(pk=client.post("/api/v1/evidence/",
                                                                RESOURCES["evidence"]["new"](alfa)).json()["id"])
    assert str(figure.value) == "12.5000" and figure.touchpoint == alfa["touchpoint"]
    note = journey_models.Note.objects.get(pk=client.post("/api/v1/notes/",
                                                          RESOURCES["notes"]["new"](alfa)).json()["id"])
    assert note.text == "Een kans" and note.participant is None
    rating = client.post("/api/v1/emotion-ratings/", RESOURCES["emotion-ratings"]["new"](alfa)).json()
    assert rating["comment"] == "Prima" and rating["score"] == 4
    gap = journey_models.Gap.objects.get(pk=client.post("/api/v1/gaps/", RESOURCES["gaps"]["new"](alfa)).json()["id"])
    assert set(gap.touchpoints.all()) == {alfa["touchpoint"]}


@pytest.mark.parametrize("prefix", RESOURCES)
def test_a_viewer_reads_but_cannot_write(api, viewer, alfa, prefix):
    spec, client = RESOURCES[prefix], api(viewer)
    obj = alfa[spec["key"]]
    url = f"/api/v1/{prefix}/{obj.pk}/"
    assert client.get(url).status_code == 200
    with nothing_written():
        assert client.post(f"/api/v1/{prefix}/", spec["new"](alfa)).status_code == 403
        assert client.patch(url, spec["change"]).status_code == 403
        assert client.delete(url).status_code == 403


@pytest.mark.parametrize("prefix", [*RESOURCES, "journeys", "measurements"])
def test_an_outsider_gets_404_and_an_empty_list(api, outsider, alfa, bravo, prefix):
    client = api(outsider)
    obj = alfa[RESOURCES[prefix]["key"] if prefix in RESOURCES else prefix[:-1]]
    url = f"/api/v1/{prefix}/{obj.pk}/"
    assert client.get(url).status_code == 404
    with nothing_written():
        assert client.patch(url, {"name": "x"}).status_code in (404, 405)
        assert client.delete(url).status_code in (404, 405)
    ids = [row["id"] for row in client.get(f"/api/v1/{prefix}/").json()["results"]]
    assert obj.pk not in ids and ids  # bravo's own rows are there


@pytest.mark.parametrize("prefix", RESOURCES)
def test_another_teams_parent_does_not_exist(api, member, alfa, bravo, prefix):
    spec = RESOURCES[prefix]
    body = spec["new"](alfa) | {spec["parent"]: spec["new"](bravo)[spec["parent"]]}
    client = api(member)
    with nothing_written():
        response = client.post(f"/api/v1/{prefix}/", body)
    assert response.status_code == 400
    assert "does not exist" in response.json()[spec["parent"]][0]


# Alfa's evidence is a quote (it needs no metric); a gap's origin is set when it is written and then kept.
CREATE_ONLY = {("evidence", "metric"), ("gaps", "origin")}


@pytest.mark.parametrize(("prefix", "body", "field"), [
    (prefix, body, field) for prefix, spec in RESOURCES.items() for body, field in spec["bad"]
])
def test_bad_values_are_field_errors_and_nothing_is_saved(api, member, alfa, prefix, body, field):
    spec, client = RESOURCES[prefix], api(member)
    with nothing_written():
        response = client.post(f"/api/v1/{prefix}/", spec["new"](alfa) | body)
        assert response.status_code == 400 and field in response.json(), response.json()
        if (prefix, field) not in CREATE_ONLY:
            response = client.patch(f"/api/v1/{prefix}/{alfa[spec['key']].pk}/", body)
            assert response.status_code == 400 and field in response.json(), response.json()


# --- Journeys ---------------------------------------------------------------------------------------------


def test_journeys_are_read_filtered_and_their_scope_changed(api, member, alfa):
    client = api(member)
    journey = alfa["journey"]
    ideals = client.get("/api/v1/journeys/", {"is_ideal": "true"}).json()["results"]
    assert [row["id"] for row in ideals] == [alfa["ideal"].pk]
    current = client.get("/api/v1/journeys/", {"is_ideal": "false", "team": alfa["team"].pk}).json()["results"]
    assert [row["id"] for row in current] == [journey.pk]
    response = client.patch(f"/api/v1/journeys/{journey.pk}/", {
        "customer_goal": "Ik wil een offerte", "departments": "sales,  IT,,Sales", "persona": alfa["persona"].pk})
    assert response.status_code == 200, response.json()
    assert response.json()["departments"] == "sales, IT" and response.json()["persona"] == alfa["persona"].pk
    assert response.json()["title"] == "Reis Alfa"
    assert client.patch(f"/api/v1/journeys/{journey.pk}/", {"persona": None}).json()["persona"] is None
    assert client.post("/api/v1/journeys/", {"title": "Nieuw", "team": alfa["team"].pk}).status_code == 405
    assert client.delete(f"/api/v1/journeys/{journey.pk}/").status_code == 405


def test_a_journeys_persona_is_one_of_its_teams(api, owner, member, alfa, bravo, outsider):
    client = api(member)
    with nothing_written():
        response = client.patch(f"/api/v1/journeys/{alfa['journey'].pk}/", {"persona": bravo["persona"].pk})
    assert response.status_code == 400 and "does not exist" in response.json()["persona"][0]
    # Someone in both teams still cannot mix them: a field error from the scope service.
    from tests.factories import MembershipFactory

    MembershipFactory(team=bravo["team"], user=member, role="member")
    with nothing_written():
        response = client.patch(f"/api/v1/journeys/{alfa['journey'].pk}/", {"persona": bravo["persona"].pk})
    assert response.status_code == 400 and "persona" in response.json()


def test_a_viewer_cannot_change_a_journey(api, viewer, alfa):
    client = api(viewer)
    with nothing_written():
        response = client.patch(f"/api/v1/journeys/{alfa['journey'].pk}/", {"title": "Weg"})
    assert response.status_code == 403


# --- Cross-journey rules ----------------------------------------------------------------------------------


def test_evidence_stays_within_its_journey_and_is_a_figure_or_a_quote(api, member, alfa, owner):
    other = build_world(alfa["team"], owner, name="Tweede")
    client = api(member)
    base = {"journey": alfa["journey"].pk, "kind": "qualitative", "quote": "Te traag"}
    with nothing_written():
        assert "stage" in client.post("/api/v1/evidence/", base | {"stage": other["stage"].pk}).json()
        assert "touchpoint" in client.post("/api/v1/evidence/", base | {"touchpoint": other["touchpoint"].pk}).json()
        both = client.post("/api/v1/evidence/", base | {"stage": alfa["stage"].pk,
                                                         "touchpoint": alfa["touchpoint"].pk})
        assert both.status_code == 400 and "touchpoint" in both.json()
        assert "quote" in client.post("/api/v1/evidence/", base | {"quote": ""}).json()
    figure = client.post("/api/v1/evidence/", {"journey": alfa["journey"].pk, "kind": "quantitative"}).json()
    assert set(figure) >= {"metric", "value"}
    # Changing a quote into a figure clears the quote.
    evidence = alfa["evidence"]
    changed = client.patch(f"/api/v1/evidence/{evidence.pk}/", {"kind": "quantitative", "metric": "NPS",
                                                                 "value": -12})
    assert changed.status_code == 200 and changed.json()["quote"] == "" and changed.json()["value"] == "-12.0000"


def test_touchpoints_move_within_their_journey_only(api, member, alfa, owner):
    other = build_world(alfa["team"], owner, name="Tweede")
    client = api(member)
    url = f"/api/v1/touchpoints/{alfa['touchpoint'].pk}/"
    with nothing_written():
        response = client.patch(url, {"stage": other["stage"].pk})
    assert response.status_code == 400 and "stage" in response.json()
    last_stage = alfa["journey"].stages.order_by("position").last()
    moved = client.patch(url, {"stage": last_stage.pk}).json()
    assert moved["stage"] == last_stage.pk and moved["position"] == 0
    # A target emotion belongs to the ideal journey, within −5…+5.
    ideal_url = f"/api/v1/touchpoints/{alfa['ideal_touchpoint'].pk}/"
    assert client.patch(ideal_url, {"target_emotion": 4}).json()["target_emotion"] == 4
    assert "target_emotion" in client.patch(ideal_url, {"target_emotion": 6}).json()


def test_a_rating_stays_within_its_journey_and_is_one_per_participant_touchpoint_and_round(api, member, alfa,
                                                                                           owner):
    other = build_world(alfa["team"], owner, name="Tweede")
    client = api(member)
    body = {"measurement": alfa["measurement"].pk, "touchpoint": alfa["touchpoint"].pk,
            "participant": alfa["participant"].pk, "score": 3}
    duplicate = client.post("/api/v1/emotion-ratings/", body)
    assert duplicate.status_code == 400
    assert f": −2 (emotion score {alfa['rating'].pk})" in duplicate.json()["non_field_errors"][0]  # the score, its id
    assert "touchpoint" in client.post("/api/v1/emotion-ratings/",
                                       body | {"touchpoint": other["touchpoint"].pk}).json()
    assert "participant" in client.post("/api/v1/emotion-ratings/",
                                        body | {"participant": other["participant"].pk}).json()
    assert journey_models.EmotionRating.objects.count() == 2  # alfa's and the other world's, unchanged
    changed = api(owner).patch(f"/api/v1/emotion-ratings/{alfa['rating'].pk}/",  # the guest's: a facilitator's job
                               {"score": 5, "touchpoint": other["touchpoint"].pk})
    assert changed.json()["score"] == 5 and changed.json()["touchpoint"] == alfa["touchpoint"].pk


def test_a_gaps_touchpoints_come_from_its_journey(api, member, alfa, owner):
    """As in the room (the gap service's rule): touchpoints of the journey; the link to the ideal touchpoint a gap
    was written from (made in the room) stays when the touchpoints change."""
    other = build_world(alfa["team"], owner, name="Tweede")
    client = api(member)
    with nothing_written():
        response = client.post("/api/v1/gaps/", {"journey": alfa["journey"].pk, "problem": "Traag",
                                                 "touchpoints": [other["touchpoint"].pk]})
        assert response.status_code == 400 and "touchpoints" in response.json()
        response = client.post("/api/v1/gaps/", {"journey": alfa["journey"].pk, "problem": "Traag",
                                                 "touchpoints": [alfa["ideal_touchpoint"].pk]})
        assert response.status_code == 400 and "touchpoints" in response.json()
        response = client.post("/api/v1/gaps/", {"journey": alfa["ideal"].pk, "problem": "Traag"})
        assert response.status_code == 400 and "journey" in response.json()
    gap = alfa["gap"]
    gap.touchpoints.set([alfa["touchpoint"], alfa["ideal_touchpoint"]])
    # Rewording keeps the touchpoints; a new list replaces them.
    assert client.patch(f"/api/v1/gaps/{gap.pk}/", {"problem": "Anders"}).json()["touchpoints"] == sorted(
        [alfa["touchpoint"].pk, alfa["ideal_touchpoint"].pk])
    assert client.patch(f"/api/v1/gaps/{gap.pk}/", {"touchpoints": []}).json()["touchpoints"] == [
        alfa["ideal_touchpoint"].pk]
    assert client.patch(f"/api/v1/gaps/{gap.pk}/", {"origin": "delta"}).json()["origin"] == "team"


def test_measurements_are_read_only(api, owner, alfa):
    client = api(owner)
    rows = client.get("/api/v1/measurements/", {"journey": alfa["journey"].pk}).json()["results"]
    assert rows == [{"id": alfa["measurement"].pk, "journey": alfa["journey"].pk, "kind": "baseline",
                     "taken_on": alfa["measurement"].taken_on.isoformat(), "label": "Reis Alfa"}]
    assert client.post("/api/v1/measurements/", {"journey": alfa["journey"].pk, "taken_on": "2030-01-01"}
                       ).status_code == 405
    assert client.delete(f"/api/v1/measurements/{alfa['measurement'].pk}/").status_code == 405


def test_lists_filter(api, member, alfa):
    client = api(member)
    journey_models.Touchpoint.objects.create(stage=alfa["stage"], name="Telefoon", channel="phone",
                                             moment_of_truth=True, position=1)
    rows = client.get("/api/v1/touchpoints/", {"journey": alfa["journey"].pk, "moment_of_truth": "true"}).json()
    assert [row["name"] for row in rows["results"]] == ["Telefoon"]
    rows = client.get("/api/v1/touchpoints/", {"stage": alfa["stage"].pk, "channel": "website"}).json()
    assert [row["name"] for row in rows["results"]] == ["Website Alfa"]
    assert client.get("/api/v1/notes/", {"kind": "rose"}).json()["results"] == []
    stages = client.get("/api/v1/stages/", {"journey": alfa["journey"].pk}).json()["results"]
    assert [row["position"] for row in stages] == [0, 1, 2, 3, 4]
    assert client.get("/api/v1/stages/", {"journey": "nope"}).status_code == 400
    assert client.get("/api/v1/emotion-ratings/", {"participant": alfa["participant"].pk}).json()["count"] == 1
    assert client.get("/api/v1/personas/", {"ordering": "-name"}).status_code == 200
    assert journey_models.Stage.objects.filter(journey=alfa["journey"]).count() == 5
