"""The API's contract: a whole workshop built through the API alone, with one personal token — workshop, persona on
the journey, stages, touchpoints, three participants, their emotion scores, a gap and two improvements — and the
journey's curve and matrix read back with the numbers worked out by hand."""

import datetime
import math

import pytest
from django.utils import timezone

from actions.models import StatusChange
from workshops.api_auth import api_token_create

pytestmark = pytest.mark.django_db

SCORES = {  # touchpoint → the three participants' scores (−5…+5)
    "Offerte aanvragen": [-4, -2, 0],
    "Offerte ontvangen": [3, 5, 4],
    "Eerste factuur": [-5, -5, -5],
}


def test_a_whole_workshop_through_the_api_with_one_token(client, team, facilitator, member):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=facilitator, name='contract')[1]}"}

    def call(method, url, data=None, expect=(200, 201)):
        response = getattr(client, method)(url, data, content_type="application/json", **auth) if data is not None \
            else getattr(client, method)(url, **auth)
        assert response.status_code in ((expect,) if isinstance(expect, int) else expect), (url, response.json())
        return response.json()

    workshop = call("post", "/api/v1/workshops/", {"team": team.pk, "title": "Offerte tot factuur",
                                                   "template": "blank", "scheduled_for": "2030-04-01"}, 201)
    journey = workshop["journey"]

    persona = call("post", "/api/v1/personas/", {"team": team.pk, "name": "Drukke Daan",
                                                 "archetype": "de drukke ondernemer"}, 201)
    assert call("patch", f"/api/v1/journeys/{journey}/", {"persona": persona["id"]})["persona"] == persona["id"]

    stages = [call("post", "/api/v1/stages/", {"journey": journey, "name": name}, 201)["id"]
              for name in ("Oriëntatie", "Aankoop")]
    touchpoints = {}
    for stage, name in ((stages[0], "Offerte aanvragen"), (stages[0], "Offerte ontvangen"),
                        (stages[1], "Eerste factuur")):
        touchpoints[name] = call("post", "/api/v1/touchpoints/", {"stage": stage, "name": name}, 201)["id"]

    participants = [call("post", "/api/v1/participants/", {"workshop": workshop["id"], "display_name": name}, 201)
                    ["id"] for name in ("Sanne", "Ahmed", "Joke")]

    [baseline] = call("get", f"/api/v1/measurements/?journey={journey}&kind=baseline")["results"]
    for name, scores in SCORES.items():
        for participant, score in zip(participants, scores, strict=True):
            call("post", "/api/v1/emotion-ratings/", {"measurement": baseline["id"], "touchpoint": touchpoints[name],
                                                      "participant": participant, "score": score}, 201)

    gap = call("post", "/api/v1/gaps/", {"journey": journey, "problem": "De factuur verrast de klant",
                                         "touchpoints": [touchpoints["Eerste factuur"]]}, 201)
    deadline = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()
    quick = call("post", "/api/v1/improvements/", {
        "journey": journey, "gap": gap["id"], "touchpoints": [touchpoints["Eerste factuur"]],
        "title": "Factuur vooraf uitleggen", "impact": 5, "effort": 2, "owner": member.pk, "deadline": deadline,
        "status": "planned"}, 201)
    major = call("post", "/api/v1/improvements/", {
        "journey": journey, "gap": gap["id"], "title": "Nieuw facturatiesysteem", "impact": 4, "effort": 5}, 201)

    # The curve: one baseline round, the touchpoints in stage order, each score's statistics.
    curve = call("get", f"/api/v1/journeys/{journey}/curve/")
    assert [touchpoint["name"] for touchpoint in curve["touchpoints"]] == list(SCORES)
    [round_] = curve["rounds"]
    assert round_["measurement"] == baseline["id"] and round_["kind"] == "baseline"
    assert round_["name"].startswith("Nulmeting (workshop, "), "named as the pages name it, in the user's language"
    by_touchpoint = {score["touchpoint"]: score for score in round_["scores"]}
    for name, scores in SCORES.items():
        stats = by_touchpoint[touchpoints[name]]
        mean = sum(scores) / len(scores)
        assert stats["count"] == 3
        assert stats["mean"] == pytest.approx(mean, abs=0.01)
        assert (stats["min"], stats["max"]) == (min(scores), max(scores))
        assert stats["stdev"] == pytest.approx(math.sqrt(sum((s - mean) ** 2 for s in scores) / 3), abs=0.01)
    assert by_touchpoint[touchpoints["Offerte aanvragen"]]["mean"] == pytest.approx(-2)
    assert by_touchpoint[touchpoints["Offerte ontvangen"]]["stdev"] == 0.82  # √(2/3), to two decimals

    # The matrix: the quick win and the major project in their quadrants, the other two empty.
    matrix = call("get", f"/api/v1/improvements/matrix/?journey={journey}")
    assert matrix["journey"] == journey
    assert {q["quadrant"]: [(i["id"], i["impact"], i["effort"]) for i in q["improvements"]]
            for q in matrix["quadrants"]} == {
        "quick_win": [(quick["id"], 5, 2)], "major_project": [(major["id"], 4, 5)], "fill_in": [],
        "thankless_task": []}

    # And what was built reads back the same way.
    assert call("get", f"/api/v1/journeys/{journey}/")["persona"] == persona["id"]
    assert call("get", f"/api/v1/participants/?workshop={workshop['id']}")["count"] == 3
    assert call("get", f"/api/v1/improvements/?gap={gap['id']}&status=planned")["results"][0]["owner"] == member.pk
    assert StatusChange.objects.get(improvement_id=quick["id"]).new_status == "planned"
