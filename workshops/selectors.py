"""Reads of the workshops app that the pages above it need."""

from .models import ApiToken, Membership, User, Workshop


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


def membership_of(team, user):
    """``user``'s membership of ``team`` (Membership.DoesNotExist if none). One query."""
    return Membership.objects.get(team=team, user=user)


def has_account(email):
    """Whether someone has an account with ``email`` (in any case). One query."""
    return User.objects.filter(email__iexact=email).exists()


def api_tokens_of(user):
    """``user``'s API tokens: the active ones first, newest first. A QuerySet."""
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "pk")
