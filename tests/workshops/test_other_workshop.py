"""Another workshop of the same team stays out of this workshop's room, walked over every route of the room.

The routes come from the URL resolver (tests/urlwalk.py), so a view added later is walked the day it is added.
Workshops A and B belong to one team and have one of everything (tests/room_writes.py); the team's facilitator,
who may do anything in either room, asks A's room for B's objects:

- every route that names an object: workshop A in the URL and, one URL parameter at a time, an object of B in it
  (every kind it can be: a stage or touchpoint of B's current journey and of its ideal one), with every method its
  view accepts (a write with the valid data of ``ROOM_WRITES``) — a 404, and nothing written;
- every write whose data names objects of the workshop (a gap's touchpoints, an improvement's gap, what evidence is
  attached to): sent to A's room with B's objects in the data — nothing written.

Nothing written is the whole database, compared before and after (tests/db_snapshot.py).
"""

import pytest
from django.core.files.uploadedfile import UploadedFile

from tests.db_snapshot import changes, snapshot
from tests.room_writes import (
    ROOM_WRITES,
    WORKSHOP_OBJECTS,
    World,
    request_for,
    rolled_back,
    room_routes,
    room_world,
    signed_in,
)
from tests.urlwalk import WRITE_METHODS

pytestmark = pytest.mark.django_db

# URL parameters that name something of the team rather than of one workshop, and why they are not walked.
OF_THE_TEAM = {"persona_id": "personas are the team's: every workshop of the team chooses from them and edits them"}


def objects_of_b(b):
    """{URL parameter: [B's objects it is tried with]}."""
    return {
        "stage_id": [b.stage.pk, b.ideal_stage.pk],
        "touchpoint_id": [b.touchpoint.pk, b.ideal_touchpoint.pk],
        "evidence_id": [b.evidence.pk],
        "note_id": [b.note.pk],
        "gap_id": [b.gap.pk],
        "improvement_id": [b.improvement.pk, b.planned.pk],
        "review_id": [b.review.pk],
        "key": [b.report_file.fingerprint],  # a report of B's, asked of A
    }


@pytest.fixture
def a(team, owner, facilitator, member):
    return room_world(team, facilitator=facilitator, member=member, title="Offertes")


@pytest.fixture
def b(team, owner, facilitator, member):
    return room_world(team, facilitator=owner, member=member, title="Bestellingen")


def routes_naming_objects():
    """The room's routes with a URL parameter besides the workshop (a stage, a touchpoint, a review, …)."""
    return [route for route in room_routes() if set(route.params) - {"workshop_id"}]


def methods_of(route):
    return sorted(route.methods - {"HEAD", "OPTIONS"})


def send(actor, method, url, data):
    return actor.client.post(url, data) if method == "POST" else actor.client.generic(method, url)


def test_the_walk_finds_every_object_a_route_names(b):
    found = routes_naming_objects()
    assert len(found) >= 29, [route.name for route in found]  # a guard against a walk that silently finds less
    known = objects_of_b(b).keys() | OF_THE_TEAM.keys() | {"workshop_id"}
    unknown = {(route.name, param) for route in found for param in route.params if param not in known}
    assert not unknown, f"URL parameters without objects of B to try: {sorted(unknown)}. Add them to objects_of_b()."
    assert OF_THE_TEAM.keys() <= {param for route in found for param in route.params}, "an exemption for nothing"


def test_an_object_of_another_workshop_is_a_404_in_this_ones_room(a, b, facilitator):
    actor = signed_in("facilitator", facilitator)
    tried, wrong = 0, []
    for route in routes_naming_objects():
        for param, values in objects_of_b(b).items():
            if param not in route.params:
                continue
            for value, method in ((value, method) for value in values for method in methods_of(route)):
                with rolled_back():
                    url, data = request_for(route, a.reloaded(), actor, **{param: value})
                    before = snapshot()
                    response = send(actor, method, url, data() if method in WRITE_METHODS else None)
                    written = changes(before, snapshot())
                tried += 1
                if response.status_code != 404 or written != "nothing":
                    wrong.append(f"{route.name}: {method} {url} ({param} of B) gave {response.status_code}, "
                                 f"wrote {written}")
    assert not wrong, "\n".join(wrong)
    assert tried >= 50, tried  # 54 today: a guard against a walk that silently tries less


def comparable(data):
    """Form data with its files as (name, size): two uploads of the same file are the same data."""
    return {key: (value.name, value.size) if isinstance(value, UploadedFile) else value for key, value in data.items()}


def test_another_workshops_objects_in_a_writes_data_write_nothing(a, b, facilitator):
    actor = signed_in("facilitator", facilitator)
    tried, wrong = [], []
    for route in (route for route in room_routes() if route.writes):
        with rolled_back():
            fresh = a.reloaded()
            url, data = request_for(route, fresh, actor)
            # A's world as someone sees it who slips B's objects into the form: the room, the URL and the team are A's.
            slipped = World(**{**vars(fresh), **{name: getattr(b, name) for name in WORKSHOP_OBJECTS}})
            foreign = ROOM_WRITES[route.name].data(slipped, actor)
            if comparable(foreign) == comparable(data()):
                continue  # its data names nothing of one workshop
            before = snapshot()
            response = actor.client.post(url, foreign)
            written = changes(before, snapshot())
        tried.append(route.name)
        if response.status_code >= 500 or written != "nothing":
            wrong.append(f"{route.name}: POST {url} with {foreign} gave {response.status_code}, wrote {written}")
    assert not wrong, "\n".join(wrong)
    assert {"journeys:tp_edit", "journeys:gap_create",
            "actions:room_improvement_edit", "journeys:evidence_quote_create"} <= set(tried), tried
