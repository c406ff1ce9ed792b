"""A workshop closed between the room's door check and the write: the services refuse it, and the refusal reaches
the member as a message — never a 500, nothing written (workshops.middleware.RefusedWriteMiddleware).

The door (``access.room_for``) lets the member in while the workshop is open; the workshop is closed right after,
as a facilitator closing it at that moment would. Then every write of the room (found by the URL resolver, sent
with ``tests.room_writes.ROOM_WRITES``) is sent, as a form post and as htmx. A write the member may not make even
in an open workshop stays a 403 at the door; ``GO_ON_AFTER_CLOSING`` names the writes closing does not stop, and
why."""

from contextlib import contextmanager

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from tests import room_writes
from tests.db_snapshot import changes, snapshot
from workshops import access
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

CLOSED = "De workshop is gesloten"  # Dutch: the member reads Klantreis in its default language
FOLLOW_UP = ("the follow-up of improvements (impact and effort, owner and deadline, status) goes on after closing, "
             "as on the improvement's page and through the API")

# Writes of a member that closing the workshop does not stop: they go through (and why).
GO_ON_AFTER_CLOSING = {
    "actions:room_improvement_move": FOLLOW_UP,
    "actions:room_improvement_assign": FOLLOW_UP,
    "actions:room_improvement_status": FOLLOW_UP,
    "journeys:scope_persona_update": "personas are the team's, not one workshop's: closing a workshop closes none",
    "actions:review_walk": "the quarterly review walks the improvements after the workshop closed",
}


@pytest.fixture
def world(team, owner, facilitator, member):
    return room_writes.room_world(team, facilitator=facilitator, member=member)


@contextmanager
def closes_after_the_door():
    """Inside it, the door closes the workshop right after letting someone in."""
    door = access.room_for

    def room_for(request, workshop_id, *args, **kwargs):
        room = door(request, workshop_id, *args, **kwargs)
        Workshop.objects.filter(pk=workshop_id).update(is_open=False, closed_at=timezone.now())
        return room

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(access, "room_for", room_for)
        yield


def besides_the_closing(before, after):
    """What changed besides the closing itself (the member's seat in the room is in the world already)."""
    return changes({**before, "workshops.Workshop": after["workshops.Workshop"]}, after)


def refusals(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def walk(w, actor, judge_refusal, **headers):
    """Every write of the room, sent by ``actor`` through a door that closes the workshop behind them, each into
    ``w`` as it is and rolled back after. A refusal is judged by ``judge_refusal(response)``; returns what went
    wrong."""
    wrong = []
    for route in room_writes.room_write_routes():
        with room_writes.rolled_back():
            fresh = w.reloaded()
            url, data = room_writes.request_for(route, fresh, actor)
            before = snapshot()
            with closes_after_the_door():
                response = actor.client.post(url, data(), **headers)
            written = besides_the_closing(before, snapshot())
        if response.status_code == 403:
            problem = refused_in_an_open_workshop_too(route, w, actor, **headers)
        elif route.name in GO_ON_AFTER_CLOSING:
            problem = "" if response.status_code < 400 and written != "nothing" else (
                f"expected it to go through, got {response.status_code} and wrote {written}")
        elif route.name in room_writes.WRITES_ONLY_THE_SESSION:
            problem = f"{response.status_code}, wrote {written}" if response.status_code >= 400 else ""
        else:
            problem = judge_refusal(response)
        if written != "nothing" and route.name not in GO_ON_AFTER_CLOSING:
            problem = f"{problem}; wrote {written}".lstrip("; ")
        if problem:
            wrong.append(f"{route.name} (POST {url}): {problem}")
    return wrong


def refused_in_an_open_workshop_too(route, w, actor, **headers):
    """A 403 is the door's answer to a write that is not the member's at all (running the workshop, starting a
    review): then the door refuses it in an open workshop just the same."""
    with room_writes.rolled_back():
        url, data = room_writes.request_for(route, w.reloaded(), actor)
        status = actor.client.post(url, data(), **headers).status_code
    return "" if status == 403 else f"403 once closed, {status} while open: the refusal lacks its reason"


def test_every_exception_is_a_write_of_the_room():
    assert not GO_ON_AFTER_CLOSING.keys() - {route.name for route in room_writes.room_write_routes()}


def test_a_form_post_goes_back_with_the_reason(world, member):
    room = reverse("workshops:room", args=[world.workshop.pk])

    def judge(response):
        if response.status_code == 302:  # back to the room, the reason among the messages
            if not response.url.removeprefix("http://testserver").startswith(room):
                return f"sent to {response.url}"
            return "" if any(CLOSED in text for text in refusals(response)) else f"no reason among {refusals(response)}"
        if response.status_code == 400:  # the view showed its form again, the reason in it
            return "" if CLOSED in response.content.decode() else "a 400 without the reason"
        return f"expected a refusal with its reason, got {response.status_code}"

    wrong = walk(world, room_writes.signed_in("member", member), judge,
                 HTTP_REFERER=f"http://testserver{room}")
    assert not wrong, "\n".join(wrong)


def test_an_htmx_write_reloads_the_page_with_the_reason(world, member):
    def judge(response):
        if response.status_code == 204:
            if response.get("HX-Refresh") != "true":
                return "a 204 that does not reload the page"
            return "" if any(CLOSED in text for text in refusals(response)) else f"no reason among {refusals(response)}"
        if response.status_code in (200, 400):  # the view showed the refusal itself, next to its form
            return "" if CLOSED in response.content.decode() else f"a {response.status_code} without the reason"
        return f"expected a refusal with its reason, got {response.status_code}"

    wrong = walk(world, room_writes.signed_in("member", member), judge, HTTP_HX_REQUEST="true")
    assert not wrong, "\n".join(wrong)


def test_a_refusal_never_sends_the_member_to_another_site(world, member):
    actor = room_writes.signed_in("member", member)
    route = next(route for route in room_writes.room_write_routes() if route.name == "journeys:tp_delete")
    url, data = room_writes.request_for(route, world, actor)
    before = snapshot()
    with closes_after_the_door():
        response = actor.client.post(url, data(), HTTP_REFERER="https://evil.example/phish")
    assert response.status_code == 302 and response.url == reverse("workshops:home")
    assert besides_the_closing(before, snapshot()) == "nothing"


def test_the_api_gets_the_reasons_as_json(rf):
    """An API view lets a service's refusal through (DRF handles only its own exceptions): a 400 with the reasons."""
    from django.core.exceptions import ValidationError

    from workshops.middleware import RefusedWriteMiddleware

    middleware = RefusedWriteMiddleware(lambda request: None)
    response = middleware.process_exception(rf.post("/api/v1/touchpoints/1/"), ValidationError(["Dicht.", "Echt."]))
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert response.content == b'{"detail": ["Dicht.", "Echt."]}'
    assert middleware.process_exception(rf.post("/api/v1/touchpoints/1/"), ValueError("a bug")) is None  # a 500
