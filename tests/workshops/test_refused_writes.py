"""A workshop closed between the room's door check and the write: the services refuse it, and the refusal reaches
the member as a message — never a 500, nothing written (workshops.middleware.RefusedWriteMiddleware).

The door (``access.room_for``) lets the member in while the workshop is open; the workshop is closed right after,
as a facilitator closing it at that moment would. Then each of the room's writes is sent, as a form post and as
htmx."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from tests.api.test_closed_workshop_writes import snapshot, world  # noqa: F401 - the fixture
from tests.workshops.test_closed_room import NAMES, the_write
from workshops import access
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

CLOSED = "De workshop is gesloten"  # Dutch: the member reads Klantreis in its default language


@pytest.fixture
def closes_after_the_door(monkeypatch):
    door = access.room_for

    def room_for(request, workshop_id, *args, **kwargs):
        room = door(request, workshop_id, *args, **kwargs)
        Workshop.objects.filter(pk=workshop_id).update(is_open=False, closed_at=timezone.now())
        return room

    monkeypatch.setattr(access, "room_for", room_for)


def unchanged(before):
    """Nothing written but the closing itself and the member's seat in the room, which the door gives."""
    after = snapshot()
    return {**before, "Workshop": after["Workshop"], "Participant": after["Participant"]} == after


def refusals(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("name", NAMES)
def test_a_form_post_goes_back_with_the_reason(client, world, member, closes_after_the_door, name):  # noqa: F811
    url, data = the_write(world, name)
    client.force_login(member)
    room = reverse("room", args=[world.workshop.pk])
    before = snapshot()
    response = client.post(url, data, HTTP_REFERER=f"http://testserver{room}")
    assert response.status_code in (302, 400), response.status_code
    assert unchanged(before)
    if response.status_code == 302:  # back to the room, the reason among the messages
        assert response.url.removeprefix("http://testserver").startswith(room)
        assert any(CLOSED in text for text in refusals(response))
    else:  # the view showed its form again, the reason in it
        assert CLOSED in response.content.decode()


@pytest.mark.parametrize("name", NAMES)
def test_an_htmx_write_reloads_the_page_with_the_reason(client, world, member, closes_after_the_door,  # noqa: F811
                                                         name):
    url, data = the_write(world, name)
    client.force_login(member)
    before = snapshot()
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code in (200, 204, 400), response.status_code
    assert unchanged(before)
    if response.status_code == 204:
        assert response["HX-Refresh"] == "true"
        assert any(CLOSED in text for text in refusals(response))
    else:  # the view showed the refusal itself, next to its form
        assert CLOSED in response.content.decode()


def test_a_refusal_never_sends_the_member_to_another_site(client, world, member, closes_after_the_door):  # noqa: F811
    url, data = the_write(world, "tp_delete")
    client.force_login(member)
    response = client.post(url, data, HTTP_REFERER="https://evil.example/phish")
    assert response.status_code == 302 and response.url == reverse("home")


def test_the_api_gets_the_reasons_as_json(rf):
    """An API view lets a service's refusal through (DRF handles only its own exceptions): a 400 with the reasons."""
    from django.core.exceptions import ValidationError

    from workshops.middleware import RefusedWriteMiddleware

    middleware = RefusedWriteMiddleware(lambda request: None)
    response = middleware.process_exception(rf.post("/api/v1/touchpoints/1/"), ValidationError(["Dicht.", "Echt."]))
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert response.content == b'{"detail": ["Dicht.", "Echt."]}'
    assert middleware.process_exception(rf.post("/api/v1/touchpoints/1/"), ValueError("a bug")) is None  # a 500
