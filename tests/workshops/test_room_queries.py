"""The room page and the projector, at every step, cost the same number of queries on a one-touchpoint
workshop as on the full demo workshop (15 touchpoints, 5 participants, evidence, an ideal, gaps, votes).
The exact counts per step are pinned in each step's own tests; this guards every step at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.tooling.demo import load_demo_workshop
from journeys.models import EmotionRating, Evidence, Gap, GapVote, JourneyTemplate, Stage, Touchpoint
from journeys.selectors import baseline_measurement
from journeys.services import journey_copy
from journeys.services.workshops import workshop_create
from workshops.models import Step, Workshop
from workshops.services import participant_for_member

pytestmark = pytest.mark.django_db


def small_workshop(team, facilitator):
    workshop = workshop_create(team=team, title="Klein", facilitator=facilitator, template=JourneyTemplate.BLANK)
    stage = Stage.objects.create(journey=workshop.journey, name="Eén fase")
    touchpoint = Touchpoint.objects.create(stage=stage, name="Eén contactmoment", moment_of_truth=True)
    participant = participant_for_member(workshop=workshop, user=facilitator)
    EmotionRating.objects.create(measurement=baseline_measurement(workshop.journey), touchpoint=touchpoint,
                                 participant=participant, score=-2)
    Evidence.objects.create(journey=workshop.journey, kind="qualitative", quote="Eén citaat")
    ideal = journey_copy(source=workshop.journey, title="Ideaal", ideal=True)
    Touchpoint.objects.filter(stage__journey=ideal).update(target_emotion=3)
    gap = Gap.objects.create(journey=workshop.journey, problem="Eén knelpunt")
    gap.touchpoints.set([touchpoint])
    GapVote.objects.create(gap=gap, participant=participant, dots=1)
    return workshop


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, {"seen": "something else"}).status_code in (200, 204)
    return len(context.captured_queries)


@pytest.mark.parametrize("step", Step.values)
def test_room_and_projector_queries_do_not_grow_with_the_workshop(client, team, facilitator, owner, member, viewer,
                                                                  step):
    small = small_workshop(team, facilitator)
    large, _created = load_demo_workshop(team=team, facilitator=facilitator, members=[owner, member])
    Workshop.objects.filter(pk__in=[small.pk, large.pk]).update(step=step)
    client.force_login(viewer)  # a watcher: at the live steps their step body is polled too
    for name in ("workshops:room", "workshops:projector", "workshops:projector_live", "workshops:step_live"):
        counts = [queries(client, reverse(name, args=[workshop.pk])) for workshop in (small, large)]
        assert counts[0] == counts[1], f"{name} at {step}: {counts[0]} queries small, {counts[1]} large"
