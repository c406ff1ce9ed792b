"""Reads of the workshops app that the pages above it need."""

from .models import User, Workshop


def workshop_with_journey(workshop_id):
    """The workshop with its team, facilitator, journey, the journey's persona and its ideal version
    (Workshop.DoesNotExist if none). One query."""
    return (
        Workshop.objects.select_related("team", "facilitator", "journey__persona", "journey__ideal")
        .get(pk=workshop_id)
    )


def workshops_with_journey():
    """Workshops with their journey and team: a QuerySet for ``access.get_for_user``."""
    return Workshop.objects.select_related("journey", "team")


def mail_recipient(user_id):
    """The active user with ``user_id``, only their email address and language (User.DoesNotExist if there is
    none). One query."""
    return User.objects.only("email", "language").get(pk=user_id, is_active=True)


def team_members(team):
    """``team``'s memberships with their users, by name. A QuerySet (a form's choices)."""
    return team.memberships.select_related("user").order_by("user__name", "user__pk")
