"""Only the current round takes scores, through the API as in the room: during a review its round; the workshop's
baseline until the first review starts; none after that until the next review (``journeys.selectors.room_rounds``).
A score into, changed in or taken out of any other round is a 400 naming the current one (or saying that none takes
scores now), whatever the role; nothing changes. The rule is the emotions service's
(``emotion_rating_save`` and friends), which the room's scoring goes through too."""

import pytest
from django.core.exceptions import ValidationError

from actions.services.reviews import finish_review, start_review
from journeys.models import EmotionRating, JourneyTemplate, Measurement, MeasurementKind, Touchpoint
from journeys.services.emotions import emotion_rating_save
from journeys.services.workshops import workshop_create
from tests.actors import GUEST, acting, in_room
from tests.api.conftest import bearer
from workshops.models import Participant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

NOT_CURRENT = "This score is not in the current round: only the current round's scores can still be changed or deleted."
NO_ROUND = ("No round takes scores now: the baseline takes them until the first quarterly review starts, and after "
            "that only a review that is in progress does. The rounds already scored stay as they are.")


@pytest.fixture
def reviewed(team, owner):
    """A workshop scored in its baseline (one guest's score), then a review started: its round is the current one."""
    workshop = workshop_create(team=team, title="Offertes", facilitator=owner, template=JourneyTemplate.FIVE_PHASES)
    touchpoint = Touchpoint.objects.create(stage=workshop.journey.stages.first(), name="Website")
    guest = Participant.objects.create(workshop=workshop, display_name="Gast")
    baseline = Measurement.objects.get(journey=workshop.journey)
    rating = emotion_rating_save(actor=GUEST, measurement=baseline, touchpoint=touchpoint, participant=guest, score=-2)
    review = start_review(workshop=workshop, actor=acting(owner))
    return {"workshop": workshop, "touchpoint": touchpoint, "guest": guest, "baseline": baseline, "rating": rating,
            "review": review, "round": review.measurement}


def only_round(world):
    return f"Only the current round takes scores: measurement {world['round'].pk} ({world['round']})."


def send(client, token, method, url, body=None):
    if body is None:
        return getattr(client, method)(url, **bearer(token))
    return getattr(client, method)(url, body, content_type="application/json", **bearer(token))


def a_score(world, measurement, by, score=3):
    """A first score by the user ``by`` as themselves (through the API a member writes only their own scores)."""
    mine, _new = Participant.objects.get_or_create(workshop=world["workshop"], user=by,
                                                   defaults={"display_name": by.name})
    return {"measurement": measurement.pk, "touchpoint": world["touchpoint"].pk, "participant": mine.pk,
            "score": score}


def assert_not_changed_or_deleted(client, token, url, message):
    """PATCH, PUT and DELETE of the score at ``url`` each answer 400 with ``message``."""
    for method, body in (("patch", {"score": 5}), ("put", {"score": 5, "comment": "Beter"}), ("delete", None)):
        response = send(client, token, method, url, body)
        assert response.status_code == 400, (method, response.content)
        assert response.json() == {"non_field_errors": [message]}


def scores():
    return sorted(EmotionRating.objects.values_list("measurement_id", "participant_id", "score"))


@pytest.mark.parametrize("role", ["member", "facilitator", "owner"])
def test_a_score_into_an_older_round_is_refused(client, tokens, reviewed, role, request):
    body = a_score(reviewed, reviewed["baseline"], request.getfixturevalue(role))
    before = scores()
    response = send(client, tokens[role], "post", "/api/v1/emotion-ratings/", body)
    assert response.status_code == 400, response.content
    assert response.json() == {"measurement": [only_round(reviewed)]}
    assert scores() == before


@pytest.mark.parametrize("role", ["member", "facilitator", "owner"])
def test_a_score_into_the_current_round_is_taken(client, tokens, reviewed, role, request):
    body = a_score(reviewed, reviewed["round"], request.getfixturevalue(role), 4)
    response = send(client, tokens[role], "post", "/api/v1/emotion-ratings/", body)
    assert response.status_code == 201, response.content
    assert EmotionRating.objects.get(pk=response.json()["id"]).measurement == reviewed["round"]


@pytest.mark.parametrize("role", ["member", "facilitator", "owner"])
def test_a_score_of_an_older_round_is_neither_changed_nor_deleted(client, tokens, reviewed, role):
    url = f"/api/v1/emotion-ratings/{reviewed['rating'].pk}/"
    before = scores()
    assert_not_changed_or_deleted(client, tokens[role], url, NOT_CURRENT)
    assert scores() == before


def test_a_score_of_the_current_round_is_changed_and_deleted(client, tokens, reviewed, member):
    token = tokens["member"]
    created = send(client, token, "post", "/api/v1/emotion-ratings/",
                   a_score(reviewed, reviewed["round"], member)).json()
    url = f"/api/v1/emotion-ratings/{created['id']}/"
    assert send(client, token, "patch", url, {"score": -1}).json()["score"] == -1
    assert send(client, token, "delete", url).status_code == 204
    assert not EmotionRating.objects.filter(measurement=reviewed["round"]).exists()


def test_a_finished_review_takes_no_more_scores_not_even_from_its_facilitators(client, tokens, reviewed, owner):
    """Finishing closes the room; its facilitators may still tidy up a closed workshop, but not in a finished
    round: the round rule holds for every role."""
    finish_review(review=reviewed["review"])
    response = send(client, tokens["owner"], "post", "/api/v1/emotion-ratings/",
                    a_score(reviewed, reviewed["round"], owner))
    assert response.status_code == 400
    assert response.json() == {"measurement": [NO_ROUND]}
    assert not EmotionRating.objects.filter(measurement=reviewed["round"]).exists()


@pytest.mark.parametrize("role", ["facilitator", "owner"])
def test_after_a_finished_review_the_baseline_stays_as_it_was(client, tokens, reviewed, role, request):
    """The reviews compare with the baseline: once a review has been held, nobody adds, changes or deletes a
    baseline score, not even the facilitators of the closed workshop; the next review scores into a round of its
    own."""
    finish_review(review=reviewed["review"])
    before = scores()
    response = send(client, tokens[role], "post", "/api/v1/emotion-ratings/",
                    a_score(reviewed, reviewed["baseline"], request.getfixturevalue(role)))
    assert response.status_code == 400, response.content
    assert response.json() == {"measurement": [NO_ROUND]}
    url = f"/api/v1/emotion-ratings/{reviewed['rating'].pk}/"
    assert_not_changed_or_deleted(client, tokens[role], url, NO_ROUND)
    assert scores() == before


def test_the_next_review_scores_again(client, tokens, reviewed, owner):
    finish_review(review=reviewed["review"])
    second = start_review(workshop=reviewed["workshop"], actor=acting(owner))
    response = send(client, tokens["owner"], "post", "/api/v1/emotion-ratings/",
                    a_score(reviewed, second.measurement, owner))
    assert response.status_code == 201, response.content


def test_a_round_without_a_review_takes_no_scores(client, tokens, team, owner, member):
    """A review round with no Review (imported, say) counts as held and finished: no round takes scores, the
    baseline included, until a review starts."""
    workshop = workshop_create(team=team, title="Offertes", facilitator=owner, template=JourneyTemplate.FIVE_PHASES)
    Touchpoint.objects.create(stage=workshop.journey.stages.first(), name="Website")
    world = {"workshop": workshop, "touchpoint": Touchpoint.objects.get()}
    imported = Measurement.objects.create(journey=workshop.journey, kind=MeasurementKind.REVIEW,
                                          taken_on="2026-01-15", label="Oude review")
    baseline = Measurement.objects.get(journey=workshop.journey, kind=MeasurementKind.BASELINE)
    for measurement in (imported, baseline):
        response = send(client, tokens["member"], "post", "/api/v1/emotion-ratings/",
                        a_score(world, measurement, member))
        assert response.status_code == 400
        assert response.json() == {"measurement": [NO_ROUND]}
    assert not EmotionRating.objects.exists()


@pytest.mark.usefixtures("english_outside_requests")  # matches English messages
def test_the_service_keeps_the_rule_for_the_room_too(reviewed):
    """The room's scoring goes through emotion_rating_save: an older round is refused there, whoever scores."""
    with pytest.raises(ValidationError, match="Only the current round takes scores"):
        emotion_rating_save(measurement=reviewed["baseline"], touchpoint=reviewed["touchpoint"],
                            participant=reviewed["guest"], score=5, actor=in_room(role="owner"))
    assert EmotionRating.objects.get().score == -2
    emotion_rating_save(actor=GUEST, measurement=reviewed["round"], touchpoint=reviewed["touchpoint"],
                        participant=reviewed["guest"], score=5)
    assert scores() == sorted([(reviewed["baseline"].pk, reviewed["guest"].pk, -2),
                               (reviewed["round"].pk, reviewed["guest"].pk, 5)])


def test_the_round_refusal_speaks_dutch_to_a_dutch_user(client, tokens, reviewed, member, monkeypatch):
    monkeypatch.setattr("workshops.middleware.language_for", lambda request: "nl")
    response = send(client, tokens["member"], "post", "/api/v1/emotion-ratings/",
                    a_score(reviewed, reviewed["baseline"], member))
    assert response.json() == {"measurement": [
        f"Alleen de huidige ronde neemt scores aan: meting {reviewed['round'].pk} ({reviewed['round']})."]}
