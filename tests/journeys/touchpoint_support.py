"""Shared by the touchpoint tests (step 3: test_touchpoints.py, test_touchpoints_room.py): logging in in
English, the workshop's stages, adding a touchpoint, the step's URLs and a valid edit of a touchpoint (which
tests/room_writes.py uses too)."""

import pytest
from django.urls import reverse

from journeys.services import touchpoints as services
from tests.actors import MEMBER
from workshops.models import User


@pytest.fixture
def login(client):
    """``login(user)``, in English: the assertions read our English source texts, whatever the
    Dutch translations say (they are written later)."""

    def _login(user):
        User.objects.filter(pk=user.pk).update(language="en")
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def stages(workshop):
    return list(workshop.journey.stages.order_by("position"))


def add(stage, name, **fields):
    return services.touchpoint_create(actor=MEMBER, stage=stage, name=name, **fields)


def url(name, workshop, *args):
    return reverse(name, args=[workshop.pk, *args])


def valid_edit(touchpoint, **overrides):
    data = {"name": touchpoint.name, "stage": touchpoint.stage_id, "channel": touchpoint.channel,
            "category": touchpoint.category, "media": touchpoint.media, "lane": touchpoint.lane,
            "importance": touchpoint.importance}
    if touchpoint.moment_of_truth:
        data["moment_of_truth"] = "on"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
