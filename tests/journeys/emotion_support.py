"""Shared by the emotion tests (step 4: test_emotions.py, test_emotions_results.py and the modules that build
on them): a workshop at the emotions step with its touchpoints and baseline measurement, and posting a score or a
note from the room."""

import pytest
from django.urls import reverse

from journeys.models import Stage, Touchpoint
from journeys.selectors import baseline_measurement
from tests.factories import WorkshopFactory
from workshops.models import Step


def make_workshop(team, facilitator, *, stages=2, touchpoints=3, title="Nieuwe abonnees"):
    """A workshop at the emotions step with ``touchpoints`` spread over ``stages`` stages, in order."""
    workshop = WorkshopFactory(team=team, title=title, facilitator=facilitator, step=Step.EMOTIONS)
    made = Stage.objects.bulk_create(Stage(journey=workshop.journey, position=i, name=f"Fase {i + 1}")
                                     for i in range(stages))
    Touchpoint.objects.bulk_create(
        Touchpoint(stage=made[i * stages // touchpoints], position=i, name=f"Contact {i + 1}")
        for i in range(touchpoints)
    )
    return workshop


def touchpoints_of(workshop):
    return list(Touchpoint.objects.filter(stage__journey=workshop.journey).order_by("stage__position", "position"))


@pytest.fixture
def workshop(team, facilitator):
    return make_workshop(team, facilitator)


@pytest.fixture
def touchpoints(workshop):
    return touchpoints_of(workshop)


@pytest.fixture
def measurement(workshop):
    return baseline_measurement(workshop.journey)


def score(client, workshop, touchpoint, value, comment="", **extra):
    return client.post(reverse("journeys:emotion_score", args=[workshop.pk, touchpoint.pk]),
                       {"score": value, "comment": comment, "tp": "1"}, **extra)


def add_note(client, workshop, touchpoint, kind="thorn", text="Te lang wachten", **extra):
    return client.post(reverse("journeys:emotion_note_add", args=[workshop.pk, touchpoint.pk]),
                       {"kind": kind, "text": text}, **extra)
