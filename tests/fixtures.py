"""The shared workshop, guest and htmx set-up: helpers to import, and the fixtures tests/conftest.py offers.

- ``workshop_at(step, **fields)``: a new workshop of team Alfa at ``step`` (``WorkshopFactory``'s fields: ``template``,
  ``title``, ``facilitator``... ; by default 5 phases, "Nieuwe abonnees", facilitated by Fenna; ``facilitator`` may
  name a persona fixture: ``facilitator="owner"``).
- ``workshop``: the test's workshop, ``workshop_at()``'s, or as a ``workshop`` marker on the test, its class or its
  module says: ``pytestmark = pytest.mark.workshop(Step.DATA, template=JourneyTemplate.BLANK, title="Fietsen")``.
- ``guest_client``: a client in that workshop's room as the guest "Gerda Gast" (``guest_client.guest``: her
  Participant); ``guest``: that Participant.
- ``htmx_client``: a Django test client whose requests say they come from htmx (HX-Request).
- ``messages_of(response)``: the texts of the messages (django.contrib.messages) the response's request left.
- ``closed_workshop_posts(client, workshop, url, data, member=, facilitator=)``: closes the workshop, then the
  status codes of a member's and of a facilitator's post.
"""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from journeys.models import JourneyTemplate
from tests.factories import WorkshopFactory
from workshops.models import Participant, Step, Workshop

HTMX = {"HTTP_HX_REQUEST": "true"}
GUEST_NAME = "Gerda Gast"


def join_room(client, workshop, name=GUEST_NAME, **extra):
    """``client`` joins ``workshop``'s room as a guest through the join form; returns the guest's Participant."""
    response = client.post(reverse("workshops:join"), {"code": workshop.join_code, "display_name": name}, **extra)
    assert response.status_code == 302, "the guest could not join"
    return Participant.objects.filter(workshop=workshop, user__isnull=True).latest("pk")


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def closed_workshop_posts(client, workshop, url, data, *, member, facilitator):
    """Closes ``workshop``; then ``member`` and ``facilitator`` (in that order) post ``data`` to ``url`` with
    ``client``: their two status codes."""
    Workshop.objects.filter(pk=workshop.pk).update(is_open=False)
    client.force_login(member)
    as_member = client.post(url, data).status_code
    client.force_login(facilitator)
    return as_member, client.post(url, data).status_code


def new_guest_client(workshop, name=GUEST_NAME, language=None):
    """A new client in ``workshop``'s room as a guest (``.guest``: the Participant), in ``language`` if given (the
    language cookie; otherwise the default, Dutch)."""
    client = Client()
    if language:
        client.cookies["klantreis_language"] = language
    client.guest = join_room(client, workshop, name)
    return client


@pytest.fixture
def workshop_at(request, team):
    def _workshop_at(step=Step.SCOPE, **fields):
        facilitator = fields.get("facilitator", "facilitator")
        if isinstance(facilitator, str):  # a persona fixture's name, usable in a marker
            fields["facilitator"] = request.getfixturevalue(facilitator)
        fields = {"team": team, "title": "Nieuwe abonnees", "template": JourneyTemplate.FIVE_PHASES, **fields}
        return WorkshopFactory(step=step, **fields)

    return _workshop_at


@pytest.fixture
def workshop(request, workshop_at):
    marker = request.node.get_closest_marker("workshop")
    return workshop_at(*marker.args, **marker.kwargs) if marker else workshop_at()


@pytest.fixture
def guest_client(workshop):
    return new_guest_client(workshop)


@pytest.fixture
def guest(guest_client):
    return guest_client.guest


@pytest.fixture
def htmx_client(db):
    return Client(headers={"HX-Request": "true"})


def at_step(workshop, step):
    """Move ``workshop``'s room to ``step`` (as the facilitator's step buttons do, without a request)."""
    Workshop.objects.filter(pk=workshop.pk).update(step=step)
    workshop.refresh_from_db()
    return workshop
