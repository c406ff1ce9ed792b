"""Once a quarterly review has started, the baseline stays as it was: the reviews compare with it.

In the room: before any review the baseline takes scores; during a review its round does; after it (and between
reviews) no round does — the emotions step shows the baseline read-only under a banner that says why, a screen
left open from before gets that reason instead of a saved score, and notes (which belong to no round) can still
be written by whoever may write in the room. ``tests/api/test_scoring_round.py`` holds the API's side."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.services.reviews import finish_review, start_review
from journeys.models import EmotionRating, Note
from journeys.selectors import baseline_measurement, room_rounds
from journeys.services.emotions import emotion_rating_save
from tests.actors import acting, in_room
from tests.fixtures import HTMX
from tests.journeys.emotion_support import add_note, make_workshop, score, touchpoints_of
from workshops.models import Participant

pytestmark = pytest.mark.django_db

NO_ROUND = {
    "en": "No round takes scores now: the baseline takes them until the first quarterly review starts",
    "nl": "Nu telt geen ronde scores:",
}
INSTRUCTION = {"en": "Score how each touchpoint feels", "nl": "Geef elk contactmoment een score"}
BANNER = {
    "en": "Since the first quarterly review they stay as they are",
    "nl": "Sinds de eerste kwartaalreview blijven ze zoals ze waren",
}


@pytest.fixture
def workshop(team, facilitator):
    return make_workshop(team, facilitator)


@pytest.fixture
def scored(workshop, facilitator):
    """The baseline scored by the facilitator (+2 on the first touchpoint), then a review held and finished."""
    touchpoints = touchpoints_of(workshop)
    me = Participant.objects.create(workshop=workshop, user=facilitator, display_name=facilitator.name)
    emotion_rating_save(measurement=baseline_measurement(workshop.journey), touchpoint=touchpoints[0],
                        participant=me, score=2, actor=in_room(me, role="facilitator"))
    review = start_review(workshop=workshop, actor=acting(facilitator))
    emotion_rating_save(measurement=review.measurement, touchpoint=touchpoints[0], participant=me, score=4,
                        actor=in_room(me, role="facilitator"))
    finish_review(review=review)
    return {"touchpoints": touchpoints, "me": me, "review": review}


def stored():
    return sorted(EmotionRating.objects.values_list("measurement_id", "touchpoint_id", "score"))


def test_the_rounds_before_during_and_after_a_review(workshop, facilitator):
    baseline = baseline_measurement(workshop.journey)
    assert room_rounds(workshop.journey).scoring == baseline and not room_rounds(workshop.journey).locked
    review = start_review(workshop=workshop, actor=acting(facilitator))
    during = room_rounds(workshop.journey)
    assert during.scoring == during.shown == review.measurement and during.shown.open_review == review
    finish_review(review=review)
    after = room_rounds(workshop.journey)
    assert after.scoring is None and after.shown == baseline and after.locked


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_room_shows_the_baseline_read_only_and_says_why(client, facilitator, scored, workshop, language,
                                                             monkeypatch):
    monkeypatch.setattr("workshops.middleware.language_for", lambda request: language)
    client.force_login(facilitator)
    page = client.get(reverse("workshops:room", args=[workshop.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="baseline-locked"' in html and BANNER[language] in html
    assert INSTRUCTION[language] not in html  # no "score each touchpoint" where nobody can
    assert "em-score-form" not in html  # no score buttons: not even the facilitator of the closed workshop
    assert "em-note-form" in html  # notes belong to no round: the facilitator may still write them
    assert page.context["emotions"].measurement == baseline_measurement(workshop.journey)
    assert page.context["emotions"].rows[0].mine.score == 2  # the baseline's own score, not the review's 4


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_screen_left_open_gets_the_reason_and_nothing_changes(client, facilitator, scored, workshop, language,
                                                               monkeypatch):
    monkeypatch.setattr("workshops.middleware.language_for", lambda request: language)
    client.force_login(facilitator)
    before = stored()
    response = score(client, workshop, scored["touchpoints"][0], "-5", **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert NO_ROUND[language] in html and 'role="alert"' in html
    response = score(client, workshop, scored["touchpoints"][1], "3")  # without htmx: back, with a message
    assert response.status_code == 302
    assert stored() == before


def test_notes_are_still_written_after_a_review(client, facilitator, scored, workshop):
    client.force_login(facilitator)
    response = add_note(client, workshop, scored["touchpoints"][0], text="Nagekomen", **HTMX)
    assert response.status_code == 200
    assert Note.objects.filter(text="Nagekomen").exists()


def test_the_locked_room_costs_the_queries_of_the_scoring_room(client, facilitator, team):
    """The round shown comes from the same single query in every state: the page's query count stays."""
    counts = []
    for title in ("Scoring", "Locked"):
        workshop = make_workshop(team, facilitator, title=title)
        if title == "Locked":
            finish_review(review=start_review(workshop=workshop, actor=acting(facilitator)))
        client.force_login(facilitator)
        client.get(reverse("workshops:room", args=[workshop.pk]))  # joins the room as a participant first
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("workshops:room", args=[workshop.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_next_review_scores_in_the_room_again(client, facilitator, scored, workshop):
    second = start_review(workshop=workshop, actor=acting(facilitator))
    client.force_login(facilitator)
    html = client.get(reverse("workshops:room", args=[workshop.pk])).content.decode()
    assert "em-score-form" in html and INSTRUCTION["en"] in html and 'data-testid="baseline-locked"' not in html
    assert score(client, workshop, scored["touchpoints"][1], "1", **HTMX).status_code == 200
    assert EmotionRating.objects.filter(measurement=second.measurement, score=1).exists()
