"""Test data for the quarterly review: a workshop that ran (touchpoints scored in the baseline, improvements
with owners and deadlines, closed at the end) and helpers to take part in its review."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from actions.models import Improvement, Status
from journeys.models import EmotionRating, Stage, Touchpoint
from journeys.selectors import baseline_measurement
from tests.factories import WorkshopFactory
from tests.fixtures import new_guest_client
from workshops.models import Participant, Workshop

# (status, has owner and deadline) of the improvements a small workshop has; a large one repeats them.
IMPROVEMENTS = [
    (Status.PROPOSED, False),
    (Status.PLANNED, True),
    (Status.IN_PROGRESS, True),
    (Status.DONE, True),
    (Status.DROPPED, False),
]


def ran_workshop(team, facilitator, owner_of_improvements, *, touchpoints=3, participants=2, improvements=1,
                 title="Bestellen bij Alfa"):
    """A workshop after its last step: ``touchpoints`` touchpoints over up to three stages, scored in the
    baseline by ``participants`` guests (scores −2 … +2), ``improvements`` × IMPROVEMENTS, and closed."""
    workshop = WorkshopFactory(team=team, title=title, facilitator=facilitator)
    journey = workshop.journey
    stages = Stage.objects.bulk_create(Stage(journey=journey, position=i, name=f"Fase {i + 1}")
                                       for i in range(min(3, touchpoints)))
    Touchpoint.objects.bulk_create(
        Touchpoint(stage=stages[i * len(stages) // touchpoints], position=i, name=f"Contactmoment {i + 1}",
                   moment_of_truth=i == 0)
        for i in range(touchpoints)
    )
    made = list(Touchpoint.objects.filter(stage__journey=journey).order_by("stage__position", "position"))
    baseline = baseline_measurement(journey)
    people = Participant.objects.bulk_create(Participant(workshop=workshop, display_name=f"Deelnemer {n + 1}")
                                             for n in range(participants))
    EmotionRating.objects.bulk_create(
        EmotionRating(measurement=baseline, touchpoint=touchpoint, participant=person, score=(i + n) % 5 - 2)
        for n, person in enumerate(people) for i, touchpoint in enumerate(made)
    )
    deadline = timezone.localdate() + timedelta(days=30)
    for n in range(improvements):
        for index, (status, committed) in enumerate(IMPROVEMENTS):
            Improvement.objects.create(
                journey=journey, title=f"Verbetering {n * len(IMPROVEMENTS) + index + 1}", status=status,
                owner=owner_of_improvements if committed else None, deadline=deadline if committed else None)
    Workshop.objects.filter(pk=workshop.pk).update(is_open=False, closed_at=timezone.now())
    workshop.refresh_from_db()
    return workshop


def touchpoints_of(workshop):
    return list(Touchpoint.objects.filter(stage__journey=workshop.journey).order_by("stage__position", "position"))


def guest(workshop, name="Gerda Gast"):
    """A client that joined ``workshop`` as a guest with its join code (``client.participant`` is the guest)."""
    client = new_guest_client(workshop, name)
    client.participant = client.guest
    return client


def score(client, workshop, touchpoint, value, **extra):
    return client.post(reverse("journeys:emotion_score", args=[workshop.pk, touchpoint.pk]),
                       {"score": value, "comment": ""}, **extra)
