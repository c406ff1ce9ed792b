"""Step 7 in the demo workshop: improvements in every quadrant, linked to the gaps, some planned with owners
and deadlines, one in progress, one done — each status reached through change_status, so it has a history."""

import pytest
from django.utils import timezone

from actions.matrix import Quadrant
from actions.models import Improvement, Status, StatusChange
from config.tooling.demo import IMPROVEMENTS, load_demo_workshop

pytestmark = pytest.mark.django_db


def test_demo_improvements(team, facilitator, owner, member):
    workshop, _created = load_demo_workshop(team=team, facilitator=facilitator, members=[owner, member])
    improvements = list(Improvement.objects.filter(journey=workshop.journey).prefetch_related("touchpoints"))
    assert len(improvements) == len(IMPROVEMENTS) == 6
    assert {item.quadrant for item in improvements} == set(Quadrant)
    assert all(item.gap and item.gap.journey_id == workshop.journey_id for item in improvements)
    assert all(item.touchpoints.all() for item in improvements)
    statuses = sorted(item.status for item in improvements)
    assert statuses.count(Status.PLANNED) == 2 and statuses.count(Status.IN_PROGRESS) == 1
    assert statuses.count(Status.DONE) == 1 and statuses.count(Status.PROPOSED) == 2
    for item in improvements:
        history = list(StatusChange.objects.filter(improvement=item).values_list("new_status", flat=True))
        assert history[-1:] == ([item.status] if item.status != Status.PROPOSED else [])
    owners = {item.owner for item in improvements if item.owner}
    assert owners <= {facilitator, owner, member} and len(owners) >= 2
    assert all(item.deadline >= timezone.localdate() for item in improvements if item.deadline)
    # The demo keeps the rules it shows: every planned or started improvement has an owner and a deadline.
    assert [item.title for item in improvements if item.missing_for_plan] == []


def test_demo_is_loaded_once(team, facilitator, owner, member):
    load_demo_workshop(team=team, facilitator=facilitator, members=[owner, member])
    load_demo_workshop(team=team, facilitator=facilitator, members=[owner, member])
    assert Improvement.objects.count() == len(IMPROVEMENTS)
