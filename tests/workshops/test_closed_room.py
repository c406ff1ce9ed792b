"""A closed workshop is its facilitators' alone, walked over every write of the room.

The writes are the routes naming a workshop whose view accepts a write method, found by the URL resolver
(tests/room_writes.py), so a write added later is tried the day it is added; each is sent with valid data from
``ROOM_WRITES``. A member, a guest who joined while it was open and a facilitator send each one into the same world,
closed just before: members and guests are refused and nothing is written (every row of the database compared
before and after, tests/db_snapshot.py); its facilitators still change it. Where the rule is otherwise,
``CLOSED_EXCEPTIONS`` says so, with the reason, and the walk checks that outcome instead. An open workshop takes
every write from its facilitator, which shows the requests are valid ones.
"""

import pytest
from django.urls import reverse

from tests.db_snapshot import changes, snapshot
from tests.room_writes import (
    WRITES_ONLY_THE_SESSION,
    check_every_write_has_a_request,
    close,
    guest_of,
    request_for,
    rolled_back,
    room_world,
    room_write_routes,
    signed_in,
)

pytestmark = pytest.mark.django_db

REFUSED, WRITES, NOTHING = "refused", "writes", "writes nothing"

# Where closing the workshop does not decide as the module says: (a member's outcome, a facilitator's outcome, why).
# A guest is refused every write of a closed workshop, without exception.
CLOSED_EXCEPTIONS = {
    "actions:review_walk": (WRITES, WRITES,
                            "the quarterly review walks the improvements after the workshop closed: the "
                            "follow-up of improvements goes on after closing"),
    "journeys:gap_vote": (REFUSED, REFUSED, "voting ends when the workshop closes, for everyone"),
    "actions:workshop_close": (REFUSED, NOTHING, "it is closed already: closing it again keeps its closing time"),
    **{name: (REFUSED, NOTHING, reason) for name, reason in WRITES_ONLY_THE_SESSION.items()},
}

# In an open workshop every write of its facilitator changes the database, except these.
OPEN_EXCEPTIONS = {
    "actions:workshop_reopen": "an open workshop has nothing to reopen",
    **WRITES_ONLY_THE_SESSION,
}


@pytest.fixture
def world(team, owner, facilitator, member):
    return room_world(team, facilitator=facilitator, member=member)


def judge(expected, response, before, after):
    """What is wrong with ``response`` and the database after it for the ``expected`` outcome ('' when nothing)."""
    status = response.status_code
    written = changes(before, after) if after != before else ""
    if expected == REFUSED:
        # a guest at a page for the team
        to_login = status == 302 and response.url.startswith(reverse("workshops:login"))
        if status not in (400, 403) and not to_login:
            return f"expected a refusal, got {status}" + (f" and wrote {written}" if written else "")
        return f"refused ({status}) but wrote {written}" if written else ""
    if status >= 400:
        return f"expected it to go through, got {status}: {response.content.decode()[-300:]}"
    if expected == WRITES and not written:
        return f"went through ({status}) but wrote nothing"
    if expected == NOTHING and written:
        return f"expected to write nothing, wrote {written}"
    return ""


def walk(w, actor, *, expected, closed=True):
    """Send every write of the room as ``actor``, each into ``w`` as it is (closed first unless ``closed`` is False),
    rolled back after; ``expected(name)`` is the outcome a route must have. Returns what went wrong."""
    wrong = []
    for route in room_write_routes():
        with rolled_back():
            fresh = w.reloaded()
            url, data = request_for(route, fresh, actor)
            if closed:
                close(fresh)
            before = snapshot()
            response = actor.client.post(url, data())
            after = snapshot()
        problem = judge(expected(route.name), response, before, after)
        if problem:
            wrong.append(f"{route.name} (POST {url}): {problem}")
    return wrong


def test_every_write_of_the_room_is_tried():
    check_every_write_has_a_request()
    names = {route.name for route in room_write_routes()}
    # Guards against a walk that silently finds less: the room's writes of every step, the review's, and the
    # evidence import's two steps.
    assert len(names) >= 45, sorted(names)
    assert {"journeys:scope_update", "journeys:evidence_import_upload", "journeys:evidence_import_confirm",
            "journeys:tp_edit", "journeys:emotion_score", "journeys:ideal_target", "journeys:gap_vote",
            "actions:room_improvement_assign", "actions:workshop_close", "actions:review_walk"} <= names
    assert not {"workshops:room", "workshops:room_state", "workshops:projector",
                "journeys:evidence_list", "journeys:journey_map"} & names  # pages that only read
    assert not CLOSED_EXCEPTIONS.keys() - names, "an exception for a route that is not a write of the room"
    assert not OPEN_EXCEPTIONS.keys() - names, "an exception for a route that is not a write of the room"


@pytest.mark.parametrize("who", ["member", "guest"])
def test_members_and_guests_change_nothing_of_a_closed_workshop(world, member, who):
    actor = signed_in("member", member) if who == "member" else guest_of(world)

    def expected(name):
        if who == "guest" or name not in CLOSED_EXCEPTIONS:
            return REFUSED
        return CLOSED_EXCEPTIONS[name][0]

    wrong = walk(world, actor, expected=expected)
    assert not wrong, f"In a closed workshop, as a {who}:\n" + "\n".join(wrong)


def test_its_facilitators_still_change_a_closed_workshop(world, facilitator):
    def expected(name):
        return CLOSED_EXCEPTIONS[name][1] if name in CLOSED_EXCEPTIONS else WRITES

    wrong = walk(world, signed_in("facilitator", facilitator), expected=expected)
    assert not wrong, "In a closed workshop, as its facilitator:\n" + "\n".join(wrong)


def test_an_open_workshop_takes_every_write_from_its_facilitator(world, facilitator):
    """The requests of the walk are valid ones: with the workshop open, each goes through."""
    wrong = walk(world, signed_in("facilitator", facilitator), closed=False,
                 expected=lambda name: NOTHING if name in OPEN_EXCEPTIONS else WRITES)
    assert not wrong, "In an open workshop, as its facilitator:\n" + "\n".join(wrong)


def test_the_import_confirmed_into_a_closed_workshop_saves_nothing_for_a_member(world, member):
    """The evidence import's second step, when the workshop closed while its preview was open: refused, nothing
    saved, whatever the first step kept."""
    actor = signed_in("member", member)
    route = next(route for route in room_write_routes() if route.name == "journeys:evidence_import_confirm")
    url, data = request_for(route, world, actor)
    assert data()["token"], "the member's upload, while the workshop was open, left a preview to confirm"
    close(world)
    before = snapshot()
    assert actor.client.post(url, data()).status_code == 403
    assert snapshot() == before
