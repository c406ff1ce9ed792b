"""Step 7: closing the workshop. A facilitator closes it; refused, with what is missing, while a planned (or
started) improvement lacks an owner or a deadline; reopening is possible."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from actions.models import ReviewCycle, Status
from actions.services.closing import workshop_close
from actions.services.reviews import default_next_due
from tests.actions.step7_data import guest_client, improvement, room_url, step7_workshop, url
from tests.fixtures import messages_of
from workshops.models import Workshop
from workshops.services import workshop_reopen, workshop_set_open

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


@pytest.fixture
def data(team, facilitator, owner, member, viewer):
    return step7_workshop(team, facilitator)


@pytest.fixture
def workshop(data):
    return data["workshop"]


def soon():
    return timezone.localdate() + timedelta(days=10)


def test_closing_is_refused_with_a_list_of_what_is_missing(client, facilitator, member, workshop, data):
    improvement(data["journey"], "Sms bij verzending", status=Status.PLANNED, deadline=soon())
    improvement(data["journey"], "Maattabel herschrijven", status=Status.IN_PROGRESS, owner=member)
    improvement(data["journey"], "Chatbot", status=Status.PLANNED)
    improvement(data["journey"], "Alleen een idee", status=Status.PROPOSED)  # no owner needed yet
    improvement(data["journey"], "Klaar", status=Status.DONE)
    client.force_login(facilitator)
    page = client.get(room_url(workshop)).content.decode()
    expected = ("Missing: owner at “Sms bij verzending”, deadline at “Maattabel herschrijven”, "
                "owner and deadline at “Chatbot”")
    assert expected in page  # the page says which before anyone clicks
    response = client.post(url("actions:workshop_close", workshop))
    assert response.status_code == 302 and response.url.endswith("#workshop-close")
    assert messages_of(response) == [expected]
    workshop.refresh_from_db()
    assert workshop.is_open and workshop.closed_at is None


def test_closing_when_every_planned_improvement_has_owner_and_deadline(client, facilitator, member, workshop, data):
    improvement(data["journey"], "Sms bij verzending", status=Status.PLANNED, owner=member, deadline=soon())
    improvement(data["journey"], "Alleen een idee")
    client.force_login(facilitator)
    assert "The 1 planned improvement has an owner and a deadline." in client.get(room_url(workshop)).content.decode()
    response = client.post(url("actions:workshop_close", workshop))
    assert messages_of(response) == ["The workshop is closed. The improvements live on in the action plan."]
    workshop.refresh_from_db()
    assert not workshop.is_open and workshop.closed_at is not None
    # Closing starts the quarterly cycle: the first review is due three months after the workshop.
    cycle = ReviewCycle.objects.get(journey=data["journey"])
    assert (cycle.cadence_months, cycle.next_due) == (3, default_next_due(timezone.localdate(workshop.closed_at)))
    page = client.get(room_url(workshop)).content.decode()
    assert "closed on" in page and "The workshop is closed" in page and "Reopen the workshop" in page
    assert "Close for contributions" not in page  # the facilitator bar offers reopening instead


def test_the_gate_follows_the_owner_and_deadline_set_in_the_room(client, facilitator, member, workshop, data):
    item = improvement(data["journey"], "Sms bij verzending", status=Status.PLANNED)
    client.force_login(facilitator)
    client.post(url("actions:workshop_close", workshop))
    assert Workshop.objects.get(pk=workshop.pk).closed_at is None
    client.post(url("actions:room_improvement_assign", workshop, item),
                {"owner": member.pk, "deadline": soon().isoformat()})
    client.post(url("actions:workshop_close", workshop))
    assert Workshop.objects.get(pk=workshop.pk).closed_at is not None


def test_reopen_and_the_open_toggle_clear_the_closing(client, facilitator, workshop):
    client.force_login(facilitator)
    client.post(url("actions:workshop_close", workshop))
    response = client.post(url("actions:workshop_reopen", workshop))
    assert messages_of(response)[-1] == "The workshop is open again for contributions."
    workshop.refresh_from_db()
    assert workshop.is_open and workshop.closed_at is None
    workshop_close(workshop=workshop)
    workshop_set_open(workshop=workshop, is_open=True)  # "Open for contributions" reopens as well
    workshop.refresh_from_db()
    assert workshop.is_open and workshop.closed_at is None


def test_closing_twice_keeps_the_first_closing_time(workshop):
    workshop_close(workshop=workshop)
    first = Workshop.objects.get(pk=workshop.pk).closed_at
    workshop_close(workshop=workshop)
    assert Workshop.objects.get(pk=workshop.pk).closed_at == first
    workshop_reopen(workshop=workshop)
    assert Workshop.objects.get(pk=workshop.pk).closed_at is None


@pytest.mark.usefixtures("english_outside_requests")  # matches English messages
def test_the_service_refuses_too(workshop, data):
    improvement(data["journey"], "Chatbot", status=Status.PLANNED)
    with pytest.raises(ValidationError) as raised:
        workshop_close(workshop=workshop)
    assert raised.value.messages == ["Missing: owner and deadline at “Chatbot”"]


def test_only_facilitators_and_owners_close_or_reopen(client, owner, member, viewer, outsider, workshop):
    for person, status in ((member, 403), (viewer, 403), (outsider, 404)):
        client.force_login(person)
        assert client.post(url("actions:workshop_close", workshop)).status_code == status
        assert client.post(url("actions:workshop_reopen", workshop)).status_code == status
    guest = guest_client(workshop)
    assert guest.post(url("actions:workshop_close", workshop)).status_code == 403
    assert Workshop.objects.get(pk=workshop.pk).closed_at is None
    client.force_login(owner)
    client.post(url("actions:workshop_close", workshop))
    assert Workshop.objects.get(pk=workshop.pk).closed_at is not None
    assert client.get(url("actions:workshop_close", workshop)).status_code == 405


def test_a_closed_workshop_tells_members_and_guests(client, member, facilitator, workshop, data):
    improvement(data["journey"], "Idee")
    workshop_close(workshop=workshop)
    client.force_login(member)
    page = client.get(room_url(workshop)).content.decode()
    assert "closed on" in page and 'id="improvement-form"' not in page and "workshop-close" not in page
    assert "closed on" in guest_client_after_close(workshop)


def guest_client_after_close(workshop):
    """A guest who joined before the close still sees the room (read-only)."""
    workshop_reopen(workshop=workshop)
    guest = guest_client(workshop)
    workshop_close(workshop=workshop)
    return guest.get(room_url(workshop)).content.decode()
