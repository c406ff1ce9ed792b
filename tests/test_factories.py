"""The factories build valid objects that hang together (one journey per workshop, its baseline, free positions),
and the shared fixtures of tests/fixtures.py give what they say."""

import pytest
from django.urls import reverse

from journeys.models import JourneyTemplate, MeasurementKind
from tests import factories
from workshops.models import Step

pytestmark = pytest.mark.django_db

EVERY_FACTORY = [getattr(factories, name) for name in factories.__all__ if name.endswith("Factory")]


@pytest.mark.parametrize("factory", EVERY_FACTORY, ids=lambda factory: factory.__name__)
def test_every_factory_builds_a_valid_object(factory):
    made = factory()
    # The password is a hash (the form's rules do not apply to it); an invitation's inviter is left to the tests
    # that look at it, as it was before the other factories came.
    made.full_clean(exclude=["password", "invited_by"])


def test_a_workshop_is_what_workshop_create_makes():
    workshop = factories.WorkshopFactory(title="Fietsen", template=JourneyTemplate.FIVE_PHASES, step=Step.DATA)
    workshop.refresh_from_db()
    assert workshop.step == Step.DATA
    assert (workshop.journey.team, workshop.journey.title, workshop.journey.template) == (
        workshop.team, "Fietsen", JourneyTemplate.FIVE_PHASES)
    assert list(workshop.journey.stages.values_list("position", flat=True)) == [0, 1, 2, 3, 4]
    baseline = factories.baseline_of(workshop.journey)
    assert (baseline.kind, baseline.label) == (MeasurementKind.BASELINE, "Fietsen")


def test_new_stages_and_touchpoints_take_the_next_free_position():
    workshop = factories.WorkshopFactory(template=JourneyTemplate.FIVE_PHASES)
    stage = factories.StageFactory(journey=workshop.journey)
    first, second = factories.TouchpointFactory.create_batch(2, stage=stage)
    assert (stage.position, first.position, second.position) == (5, 0, 1)


def test_ratings_and_votes_stay_in_the_participants_workshop():
    participant = factories.ParticipantFactory()
    rating = factories.EmotionRatingFactory(participant=participant)
    vote = factories.GapVoteFactory(participant=participant)
    journey = participant.workshop.journey
    assert rating.touchpoint.stage.journey == rating.measurement.journey == vote.gap.journey == journey
    assert rating.measurement.kind == MeasurementKind.BASELINE


# --- The shared fixtures (tests/fixtures.py) -------------------------------------------------------------

def test_the_workshop_fixture_by_default(workshop, team, facilitator):
    assert (workshop.team, workshop.facilitator, workshop.title, workshop.step) == (
        team, facilitator, "Nieuwe abonnees", Step.SCOPE)
    assert workshop.journey.template == JourneyTemplate.FIVE_PHASES


@pytest.mark.workshop(Step.DATA, template=JourneyTemplate.BLANK, title="Fietsen", facilitator="owner")
def test_a_workshop_marker_sets_its_step_and_fields(workshop, owner):
    assert (workshop.facilitator, workshop.title, workshop.step) == (owner, "Fietsen", Step.DATA)
    assert not workshop.journey.stages.exists()


def test_the_guest_is_in_the_workshops_room(guest_client, guest, workshop):
    assert (guest.workshop, guest.display_name, guest.user) == (workshop, "Gerda Gast", None)
    assert guest_client.get(reverse("workshops:room", args=[workshop.pk])).status_code == 200


def test_the_htmx_client_says_so(htmx_client):
    assert htmx_client.get(reverse("workshops:join")).wsgi_request.headers["HX-Request"] == "true"


def test_an_api_token_from_its_factory_signs_in_to_the_api(client):
    token = factories.ApiTokenFactory()
    answer = client.get("/api/v1/teams/", HTTP_AUTHORIZATION=f"Bearer {token.text}")
    assert answer.status_code == 200 and answer.json()["results"] == []
