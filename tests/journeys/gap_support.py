"""Building a workshop at the gaps step (step 6) for the gap tests: touchpoints with baseline scores, an ideal
journey with targets, and the room's URL and messages. The workshop itself comes from the ``workshop`` marker in
test_gaps.py and test_gaps_votes.py."""

from django.contrib.messages import get_messages
from django.urls import reverse

from journeys.models import EmotionRating, Stage, Touchpoint
from journeys.selectors import baseline_measurement
from journeys.services import journey_copy
from workshops.models import Participant


def stage_of(workshop, position=0):
    return Stage.objects.filter(journey=workshop.journey).order_by("position")[position]


def touchpoint(stage, name, importance=3, position=0):
    return Touchpoint.objects.create(stage=stage, name=name, importance=importance, position=position)


def people(workshop, count, prefix="Deelnemer"):
    return [Participant.objects.create(workshop=workshop, display_name=f"{prefix} {n}") for n in range(count)]


def rate(workshop, current, scores, participants=None):
    """Baseline scores for ``current`` touchpoint, one participant per score."""
    participants = participants or people(workshop, len(scores), prefix=f"Scorer {current.pk}")
    measurement = baseline_measurement(workshop.journey)
    EmotionRating.objects.bulk_create(
        EmotionRating(measurement=measurement, touchpoint=current, participant=participant, score=score)
        for participant, score in zip(participants, scores, strict=True)
    )


def ideal_of(workshop):
    return journey_copy(source=workshop.journey, title="Ideaal", ideal=True)


def copy_in(ideal, current):
    return Touchpoint.objects.get(stage__journey=ideal, source=current)


def set_target(ideal, current, target):
    copy = copy_in(ideal, current)
    copy.target_emotion = target
    copy.save(update_fields=["target_emotion"])
    return copy


def room_url(workshop):
    return reverse("workshops:room", args=[workshop.pk])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]
