"""Whose scores a person writes through the API: a member only their own (as their participant in the workshop),
its facilitators and owners anyone's (scores given on paper, tidying up). In the room everyone scores as
themselves; the API keeps that rule (``workshops.access.SPEAK_FOR``, applied by the emotions service). Anyone
else's score is a 403 that says whose it is, and nothing changes."""

import pytest
from django.contrib.auth.models import AnonymousUser

from journeys.models import EmotionRating, JourneyTemplate, Measurement, Touchpoint
from journeys.services.workshops import workshop_create
from tests.actors import through_api
from tests.api.conftest import bearer
from workshops.access import SPEAK_FOR, allows
from workshops.models import Participant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

URL = "/api/v1/emotion-ratings/"


@pytest.fixture
def room(team, owner, member, facilitator):
    """An open workshop with two touchpoints; in its room a guest, the member and another member (the
    facilitator), each with a score on the first touchpoint."""
    workshop = workshop_create(team=team, title="Offertes", facilitator=owner, template=JourneyTemplate.FIVE_PHASES)
    stage = workshop.journey.stages.first()
    first = Touchpoint.objects.create(stage=stage, name="Website")
    second = Touchpoint.objects.create(stage=stage, name="Telefoon", position=1)
    baseline = Measurement.objects.get(journey=workshop.journey)
    people = {
        "guest": Participant.objects.create(workshop=workshop, display_name="Gast"),
        "member": Participant.objects.create(workshop=workshop, user=member, display_name="Mo"),
        "colleague": Participant.objects.create(workshop=workshop, user=facilitator, display_name="Fien"),
    }
    ratings = {who: EmotionRating.objects.create(measurement=baseline, touchpoint=first, participant=person, score=-1)
               for who, person in people.items()}
    return {"workshop": workshop, "first": first, "second": second, "baseline": baseline, "people": people,
            "ratings": ratings}


def send(client, token, method, url, body=None):
    if body is None:
        return getattr(client, method)(url, **bearer(token))
    return getattr(client, method)(url, body, content_type="application/json", **bearer(token))


def new_score(room, who, score=4):
    return {"measurement": room["baseline"].pk, "touchpoint": room["second"].pk,
            "participant": room["people"][who].pk, "score": score}


def scores():
    return sorted(EmotionRating.objects.values_list("participant__display_name", "touchpoint__name", "score"))


def refusal(name):
    return {"detail": f"These are the scores of {name}: only they and the workshop's facilitators can add, change "
                      "or delete them."}


@pytest.mark.parametrize("who, name", [("guest", "Gast"), ("colleague", "Fien")])
def test_a_member_writes_no_one_elses_scores(client, tokens, room, who, name):
    before = scores()
    token, url = tokens["member"], f"{URL}{room['ratings'][who].pk}/"
    for method, address, body in (("post", URL, new_score(room, who)), ("patch", url, {"score": 5}),
                                  ("put", url, {"score": 5, "comment": "Beter"}), ("delete", url, None)):
        response = send(client, token, method, address, body)
        assert response.status_code == 403, (method, response.content)
        assert response.json() == refusal(name)
    assert scores() == before


def test_a_member_writes_their_own_scores(client, tokens, room):
    token = tokens["member"]
    created = send(client, token, "post", URL, new_score(room, "member"))
    assert created.status_code == 201, created.content
    own = f"{URL}{room['ratings']['member'].pk}/"
    assert send(client, token, "patch", own, {"score": 5}).json()["score"] == 5
    assert send(client, token, "delete", f"{URL}{created.json()['id']}/").status_code == 204
    assert scores() == [("Fien", "Website", -1), ("Gast", "Website", -1), ("Mo", "Website", 5)]


@pytest.mark.parametrize("role", ["facilitator", "owner"])
def test_facilitators_and_owners_write_anyones_scores(client, tokens, room, role):
    """Scores given on paper are typed in by the workshop's facilitators; they tidy up too."""
    token = tokens[role]
    assert send(client, token, "post", URL, new_score(room, "guest", 2)).status_code == 201
    assert send(client, token, "patch", f"{URL}{room['ratings']['member'].pk}/", {"score": 3}).status_code == 200
    assert send(client, token, "delete", f"{URL}{room['ratings']['guest'].pk}/").status_code == 204
    assert scores() == [("Fien", "Website", -1), ("Gast", "Telefoon", 2), ("Mo", "Website", 3)]


def test_a_member_who_is_not_in_the_room_scores_for_no_one(client, tokens, room, member):
    """Without a participant of their own, a member has no scores to write."""
    Participant.objects.filter(user=member).delete()
    response = send(client, tokens["member"], "post", URL, new_score(room, "guest"))
    assert response.status_code == 403
    assert EmotionRating.objects.filter(participant__display_name="Gast").count() == 1


def test_the_refusal_speaks_dutch_to_a_dutch_user(client, tokens, room, monkeypatch):
    monkeypatch.setattr("workshops.middleware.language_for", lambda request: "nl")
    response = send(client, tokens["member"], "patch", f"{URL}{room['ratings']['guest'].pk}/", {"score": 5})
    assert response.status_code == 403
    assert response.json() == {"detail": "Dit zijn de scores van Gast: alleen Gast zelf en de facilitators van de "
                                          "workshop kunnen ze toevoegen, wijzigen of verwijderen."}


def test_the_rule_itself(room, member, facilitator):
    """``SPEAK_FOR`` as the services ask it: by role first, then whose participant it is; nobody anonymous."""
    people = room["people"]
    assert allows(through_api(member, "member"), SPEAK_FOR, people["member"])
    assert not allows(through_api(member, "member"), SPEAK_FOR, people["guest"])
    assert allows(through_api(facilitator, "facilitator"), SPEAK_FOR, people["guest"])
    assert not allows(through_api(AnonymousUser(), None), SPEAK_FOR, people["guest"])
    assert not allows(through_api(None, None), SPEAK_FOR, people["guest"])
