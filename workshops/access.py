"""Who may see or do what. Every view, API endpoint and export decides access here.

The rule: an object belongs to exactly one team (its model's ``team_path`` says how to reach it).
A user who is not a member of that team gets a 404 — we do not even confirm the object exists.
A member whose role is below what the action needs gets a 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404

from .models import Membership, Role, Team

READ = Role.VIEWER
CONTRIBUTE = Role.MEMBER
FACILITATE = Role.FACILITATOR
MANAGE = Role.OWNER


def teams_for(user):
    """The teams ``user`` belongs to, each annotated with ``my_role``."""
    if not user.is_authenticated:
        return Team.objects.none()
    return Team.objects.filter(memberships__user=user).annotate(my_role=F("memberships__role"))


def role_allows(role, needed):
    return Role(role).rank >= Role(needed).rank


def get_for_user(queryset, user, *, needs=READ, **lookup):
    """Return the one object of ``queryset`` matching ``lookup`` that ``user`` may reach.

    One query: the object, narrowed to the user's teams, with the user's role in that team as
    ``obj.my_role``. Raises Http404 for anonymous users, non-members and missing objects alike,
    and PermissionDenied when the role is below ``needs``.
    """
    if not user.is_authenticated:
        raise Http404
    team_path = queryset.model.team_path
    prefix = f"{team_path}__" if team_path else ""
    narrowed = queryset.filter(**{f"{prefix}memberships__user": user}).annotate(
        my_role=F(f"{prefix}memberships__role")
    )
    try:
        obj = narrowed.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None
    if not role_allows(obj.my_role, needs):
        raise PermissionDenied
    return obj


def get_team(user, slug, *, needs=READ):
    """The team at ``slug`` with ``team.my_role`` set, or 404 / 403 as ``get_for_user``."""
    return get_for_user(Team.objects.all(), user, needs=needs, slug=slug)


def can(team, needed):
    """For templates and views holding a team fetched through this module."""
    return role_allows(team.my_role, needed)


def membership_of(user, team):
    return Membership.objects.filter(user=user, team=team).first() if user.is_authenticated else None
