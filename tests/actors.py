"""Actors for tests that call the services directly (``workshops.access.Actor``: who acts, in the room or
through the API)."""

from workshops.access import Actor
from workshops.models import Role


def in_room(participant=None, *, role=None, user=None):
    """Someone in a workshop's room: ``participant`` (their user too, unless ``user`` is given), with team
    ``role`` (None: a guest)."""
    if user is None and participant is not None:
        user = participant.user
    return Actor(user=user, participant=participant, role=role)


def through_api(user, role):
    """``user`` writing through the API with their team ``role``."""
    return Actor.for_api(user, role)


# A member in the room: for tests that set a journey up (stages, touchpoints, gaps, …) through the services.
MEMBER = in_room(role=Role.MEMBER)
FACILITATOR = in_room(role=Role.FACILITATOR)
GUEST = in_room()  # a guest (or a participant whose role nobody gave): writes only while the workshop is open


def acting(user, role=Role.FACILITATOR):
    """``user`` on a page of the web app outside the room (a review, an improvement's page), with team ``role``:
    for the follow-up's services, which record who changed what."""
    return Actor.on_page(user, role)
