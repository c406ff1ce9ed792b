"""Shared API fixtures: a token for each persona, team A seeded with one object of each kind (the outsider walk's
``team_a``), and ``grow_team`` to add more rows of every kind (for query counts that must not grow with the data)."""

import itertools

import pytest

from actions.models import Improvement, Review, ReviewCycle, StatusChange
from journeys import models as journey_models
from journeys.services.workshops import workshop_create
from tests.conftest import _member
from tests.test_outsiders import team_a  # noqa: F401 - the fixture, shared with the outsider walk
from workshops.api_auth import api_token_create
from workshops.models import Participant, Role

_rows = itertools.count(1)


def bearer(text):
    return {"HTTP_AUTHORIZATION": f"Bearer {text}"}


def token_for(user):
    """Authorization headers with a new token of ``user``'s."""
    return bearer(api_token_create(user=user, name="script")[1])


def post(client, url, data, auth):
    return client.post(url, data, content_type="application/json", **auth)


def patch(client, url, data, auth):
    return client.patch(url, data, content_type="application/json", **auth)


def used_token(client, user):
    """Authorization headers with a new token of ``user``'s, used once already: a token's first use records when it
    was used, so a snapshot of the database (tests/db_snapshot.py) taken after this sees only what the next
    request writes."""
    headers = token_for(user)
    assert client.get("/api/v1/teams/", **headers).status_code == 200
    return headers


@pytest.fixture
def tokens(owner, facilitator, member, viewer, outsider):
    """{"owner": "kr_…", …}: a personal token's text for each persona."""
    people = {"owner": owner, "facilitator": facilitator, "member": member, "viewer": viewer, "outsider": outsider}
    return {role: api_token_create(user=user, name=f"{role} script")[1] for role, user in people.items()}


def grow_team(team, *, owner, member):
    """One more workshop in ``team`` with a row of every kind in it (journey, stages, touchpoints, evidence,
    participant, note, gap and vote, improvement and status change, review cycle, review with its measurement and
    an emotion rating), a persona, a new member and an API token."""
    n = next(_rows)
    workshop = workshop_create(team=team, title=f"Workshop {n}", facilitator=owner,
                               template=journey_models.JourneyTemplate.FIVE_PHASES)
    journey = workshop.journey
    persona = journey_models.Persona.objects.create(team=team, name=f"Persona {n}")
    journey.persona = persona
    journey.save(update_fields=["persona"])
    touchpoint = journey_models.Touchpoint.objects.create(stage=journey.stages.first(), name=f"Touchpoint {n}")
    journey_models.Evidence.objects.create(journey=journey, stage=touchpoint.stage, touchpoint=touchpoint,
                                           kind="qualitative", quote=f"Quote {n}")
    participant = Participant.objects.create(workshop=workshop, display_name=f"Guest {n}")
    journey_models.Note.objects.create(touchpoint=touchpoint, participant=participant, kind="thorn", text=f"Note {n}")
    gap = journey_models.Gap.objects.create(journey=journey, problem=f"Gap {n}")
    gap.touchpoints.add(touchpoint)
    journey_models.GapVote.objects.create(gap=gap, participant=participant, dots=1)
    improvement = Improvement.objects.create(journey=journey, gap=gap, title=f"Improvement {n}", owner=member,
                                             status="planned", deadline="2030-01-31")
    StatusChange.objects.create(improvement=improvement, new_status="planned", changed_by=owner)
    ReviewCycle.objects.create(journey=journey, next_due="2030-03-01")
    measurement = journey_models.Measurement.objects.create(journey=journey, kind="review", taken_on="2030-03-01")
    review = Review.objects.create(journey=journey, held_on="2030-03-01", measurement=measurement, started_by=owner)
    review.walked.add(improvement)
    journey_models.EmotionRating.objects.create(measurement=measurement, touchpoint=touchpoint, participant=participant,
                                                score=2)
    journey_models.EmotionRating.objects.create(measurement=journey.measurements.get(kind="baseline"),
                                                touchpoint=touchpoint, participant=participant, score=-1)
    _member(team, Role.MEMBER, f"member{n}@alfa.example", f"Member {n}")
    api_token_create(user=owner, name=f"Script {n}")
    return workshop

