"""Test data for the follow-up pages: a workshop's journey with a gap and touchpoints, and improvements."""

from datetime import timedelta

from django.utils import timezone

from actions.models import Improvement, ReviewCycle, Status
from journeys.models import Gap, JourneyTemplate, Touchpoint
from journeys.services.workshops import workshop_create


def journey_of(team, facilitator, title="Bestellen bij Alfa"):
    """A workshop's journey with one gap linked to two touchpoints (returned as journey, gap, touchpoints)."""
    workshop = workshop_create(team=team, title=title, facilitator=facilitator, template=JourneyTemplate.FIVE_PHASES)
    journey = workshop.journey
    stages = list(journey.stages.all())
    touchpoints = [Touchpoint.objects.create(stage=stages[0], name="Website"),
                   Touchpoint.objects.create(stage=stages[2], name="Bevestigingsmail")]
    gap = Gap.objects.create(journey=journey, problem="Klanten weten niet wanneer hun bestelling komt")
    gap.touchpoints.set(touchpoints)
    return journey, gap, touchpoints


def days(n):
    return timezone.localdate() + timedelta(days=n)


def improvement(journey, title, *, owner=None, deadline=None, status=Status.PROPOSED, impact=3, effort=3, gap=None,
                touchpoints=(), kpi=""):
    item = Improvement.objects.create(journey=journey, title=title, owner=owner, deadline=deadline, status=status,
                                      impact=impact, effort=effort, gap=gap, kpi=kpi)
    if touchpoints:
        item.touchpoints.set(touchpoints)
    return item


def many_improvements(journey, owner, gap, touchpoints, count=40):
    """Enough improvements in every status, quadrant and deadline group to show a page does not query per row."""
    statuses = list(Status)
    for n in range(count):
        improvement(journey, f"Verbetering {n}", owner=owner if n % 3 else None,
                    deadline=days(n - 10) if n % 4 else None, status=statuses[n % len(statuses)],
                    impact=n % 5 + 1, effort=(n * 2) % 5 + 1, gap=gap if n % 2 else None,
                    touchpoints=touchpoints if n % 2 else (), kpi=f"KPI {n}")


def review_cycle(journey, due_in_days=30):
    return ReviewCycle.objects.create(journey=journey, next_due=days(due_in_days))
