"""A closed workshop takes no more notes or scores through the API, as in the room: only its facilitators (and
owners) still add, change or delete them. Both go through journeys.services.emotions, which applies the room's
rule (workshops.access.check); the API answers a 400 saying why, and nothing changes."""

import pytest
from django.core.exceptions import ValidationError

from actions.services.closing import workshop_close
from journeys.models import EmotionRating, JourneyTemplate, Measurement, Note, Touchpoint
from journeys.services.emotions import emotion_rating_save, note_create
from journeys.services.ideal import ideal_journey_create
from journeys.services.workshops import workshop_create
from tests.actors import GUEST, MEMBER
from tests.api.conftest import bearer
from workshops.access import RATE, Room
from workshops.models import Participant
from workshops.services import workshop_reopen

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

CLOSED = "The workshop is closed: only its facilitators can still add or change scores and notes."


@pytest.fixture
def closed(team, owner, member):
    """A closed workshop with a touchpoint (and its ideal twin), a guest's score and a note the member wrote
    through the API."""
    workshop = workshop_create(team=team, title="Offertes", facilitator=owner, template=JourneyTemplate.FIVE_PHASES)
    touchpoint = Touchpoint.objects.create(stage=workshop.journey.stages.first(), name="Website")
    ideal_journey_create(actor=MEMBER, journey=workshop.journey)
    guest = Participant.objects.create(workshop=workshop, display_name="Gast")
    baseline = Measurement.objects.get(journey=workshop.journey)
    world = {
        "workshop": workshop, "touchpoint": touchpoint, "ideal_touchpoint": Touchpoint.objects.get(source=touchpoint),
        "guest": guest, "baseline": baseline,
        "note": Note.objects.create(touchpoint=touchpoint, author=member, kind="thorn", text="Te traag"),
        "rating": emotion_rating_save(actor=GUEST,
                                      measurement=baseline, touchpoint=touchpoint, participant=guest, score=-2),
    }
    workshop_close(workshop=workshop)
    return world


def post(client, token, url, body):
    return client.post(url, body, content_type="application/json", **bearer(token))


def patch(client, token, url, body):
    return client.patch(url, body, content_type="application/json", **bearer(token))


def new_note(world, touchpoint="touchpoint"):
    return {"touchpoint": world[touchpoint].pk, "kind": "bud", "text": "Een chatknop"}


def new_rating(world, user=None):
    """A first score of ``user``'s own (through the API a member writes only their own scores), or with no user
    of a new guest's (as a facilitator types in scores given on paper)."""
    if user is None:
        mine = Participant.objects.create(workshop=world["workshop"], display_name="Nog een gast")
    else:
        mine, _new = Participant.objects.get_or_create(workshop=world["workshop"], user=user,
                                                       defaults={"display_name": user.name})
    return {"measurement": world["baseline"].pk, "touchpoint": world["touchpoint"].pk, "participant": mine.pk,
            "score": 3}


def assert_refused(response):
    assert response.status_code == 400, response.content
    assert response.json() == {"non_field_errors": [CLOSED]}


def test_a_member_adds_no_note_or_score_to_a_closed_workshop(client, tokens, closed, member):
    token = tokens["member"]
    assert_refused(post(client, token, "/api/v1/notes/", new_note(closed)))
    assert_refused(post(client, token, "/api/v1/notes/", new_note(closed, "ideal_touchpoint")))
    assert_refused(post(client, token, "/api/v1/emotion-ratings/", new_rating(closed, member)))
    assert list(Note.objects.values_list("text", flat=True)) == ["Te traag"]
    assert list(EmotionRating.objects.values_list("score", flat=True)) == [-2]


def test_a_member_changes_or_deletes_no_note_or_score_of_a_closed_workshop(client, tokens, closed):
    token = tokens["member"]
    note_url, rating_url = f"/api/v1/notes/{closed['note'].pk}/", f"/api/v1/emotion-ratings/{closed['rating'].pk}/"
    assert_refused(patch(client, token, note_url, {"text": "Snel genoeg"}))
    assert_refused(patch(client, token, rating_url, {"score": 5}))
    assert_refused(client.delete(note_url, **bearer(token)))
    assert_refused(client.delete(rating_url, **bearer(token)))
    assert Note.objects.get().text == "Te traag"
    assert EmotionRating.objects.get().score == -2


@pytest.mark.parametrize("role", ["facilitator", "owner"])
def test_facilitators_still_tidy_up_a_closed_workshop(client, tokens, closed, role):
    token = tokens[role]
    assert post(client, token, "/api/v1/notes/", new_note(closed)).status_code == 201
    assert post(client, token, "/api/v1/emotion-ratings/", new_rating(closed)).status_code == 201
    assert patch(client, token, f"/api/v1/emotion-ratings/{closed['rating'].pk}/", {"score": 1}).status_code == 200
    assert client.delete(f"/api/v1/notes/{closed['note'].pk}/", **bearer(token)).status_code == 204


def test_a_reopened_workshop_takes_notes_and_scores_again(client, tokens, closed, member):
    workshop_reopen(workshop=closed["workshop"])
    token = tokens["member"]
    assert post(client, token, "/api/v1/notes/", new_note(closed)).status_code == 201
    assert post(client, token, "/api/v1/emotion-ratings/", new_rating(closed, member)).status_code == 201
    assert patch(client, token, f"/api/v1/notes/{closed['note'].pk}/", {"kind": "rose"}).status_code == 200


@pytest.mark.parametrize("role", ["member", "facilitator", "owner"])
def test_the_api_and_the_room_apply_one_rule(client, tokens, closed, role, request):
    in_the_room = Room(closed["workshop"], role=request.getfixturevalue(role).memberships.get().role).can(RATE)
    response = post(client, tokens[role], "/api/v1/notes/", new_note(closed))
    assert (response.status_code == 201) == in_the_room


@pytest.mark.usefixtures("english_outside_requests")  # matches English messages
def test_the_services_refuse_a_guest_once_the_workshop_is_closed(closed):
    """The room lets no guest in to write (403 before the service); the service refuses them as well."""
    with pytest.raises(ValidationError, match="workshop is closed"):
        emotion_rating_save(actor=GUEST, measurement=closed["baseline"], touchpoint=closed["touchpoint"],
                            participant=closed["guest"], score=4)
    with pytest.raises(ValidationError, match="workshop is closed"):
        note_create(actor=GUEST, touchpoint=closed["touchpoint"], participant=closed["guest"], kind="rose", text="Fijn")
    assert EmotionRating.objects.get().score == -2 and Note.objects.count() == 1
