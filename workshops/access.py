"""Who may see or do what. Every view, API endpoint and export decides access here.

The rule: an object belongs to exactly one team (its model's ``team_path`` says how to reach it).
A user who is not a member of that team gets a 404 — we do not even confirm the object exists.
A member whose role is below what the action needs gets a 403.
"""

from dataclasses import dataclass, replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Membership, Participant, Role, Team, Workshop

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


def scoped(queryset, user, *, needs=READ):
    """``queryset`` narrowed to the objects in ``user``'s teams where their role is at least ``needs``, each
    annotated with ``my_role``. One join, in one filter() (two would join the memberships twice). The API's
    lists and the foreign keys in its request bodies go through here; ``get_for_user`` too."""
    if not user.is_authenticated:
        return queryset.none()
    team_path = queryset.model.team_path
    prefix = f"{team_path}__" if team_path else ""
    conditions = {f"{prefix}memberships__user": user}
    if needs != READ:
        conditions[f"{prefix}memberships__role__in"] = [role for role in Role.values if role_allows(role, needs)]
    return queryset.filter(**conditions).annotate(my_role=F(f"{prefix}memberships__role"))


def get_for_user(queryset, user, *, needs=READ, **lookup):
    """Return the one object of ``queryset`` matching ``lookup`` that ``user`` may reach.

    One query: the object, narrowed to the user's teams, with the user's role in that team as
    ``obj.my_role``. Raises Http404 for anonymous users, non-members and missing objects alike,
    and PermissionDenied when the role is below ``needs``.
    """
    if not user.is_authenticated:
        raise Http404
    try:
        obj = scoped(queryset, user).get(**lookup)
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


# --- The workshop room: team members and guests -------------------------------------------------
#
# In a workshop two kinds of people act: team members (by their role) and guests, who joined with
# the join code and hold a Participant id in their (server-side, signed) session. Guests may only
# read the room and rate, write notes and vote, and only while the workshop is open.

ROOM = "room"  # an actor in the workshop's room, or on another page of the web app
API = "api"  # an actor writing through the API with a token


@dataclass(frozen=True)
class Actor:
    """Who acts: a team member (``user`` and their team ``role``) or a guest (``role`` None, only a
    ``participant``), in the room or through the API (``via``). Built once per request: the room's is
    ``room.actor`` (``room_for``), the API's ``Actor.for_api(request.user, obj.my_role)``. Every service that
    needs to know who acts takes it as ``actor=``, and asks ``check`` whether it may."""

    user: object = None  # the signed-in user; None for a guest
    participant: object = None  # their Participant in the workshop's room, if they have one
    role: str | None = None  # the team role; None for a guest
    via: str = ROOM

    @classmethod
    def for_api(cls, user, role):
        return cls(user=user, role=role, via=API)

    @classmethod
    def on_page(cls, user, role):
        """A team member on a page of the web app outside the room (the action plan, an improvement, a review)."""
        return cls(user=user, role=role, via=ROOM)

    @property
    def is_guest(self):
        return self.role is None

    @property
    def facilitates(self):
        return self.role is not None and role_allows(self.role, FACILITATE)


# What an actor may do, and to what (``check``'s ``action`` and ``target``).
VIEW = "view"  # see the room and the projector (target: the workshop)
RATE = "rate"  # score touchpoints, add rose/bud/thorn notes, dot-vote — guests too (target: the workshop)
EDIT = "edit"  # change the journey's content (evidence, touchpoints, gaps): members and up (target: the workshop)
PROPOSE = "propose"  # propose, delete or relink the room's improvements: members and up (target: the workshop)
RUN = "run"  # steps, countdown, open/close, join code: facilitators and owners (target: the workshop)
SPEAK_FOR = "speak_for"  # write a participant's scores (target: the Participant)
CHANGE_NOTE = "change_note"  # change or delete a rose/bud/thorn note (target: the Note)

ACTION_NEEDS = {VIEW: READ, RATE: CONTRIBUTE, EDIT: CONTRIBUTE, PROPOSE: CONTRIBUTE, RUN: FACILITATE}
GUEST_ACTIONS = {VIEW, RATE}
GUEST_SESSION_KEY = "klantreis_guest_of"

# The rule of a closed workshop, for the room and the API alike: it is read-only for everyone but its facilitators
# (and owners), who may still tidy up. Why a write is refused, per action (translated when asked for).
_CLOSED = {
    EDIT: lambda: _("The workshop is closed: only its facilitators can still change its journey."),
    RATE: lambda: _("The workshop is closed: only its facilitators can still add or change scores and notes."),
    PROPOSE: lambda: _("The workshop is closed: only its facilitators can still add or delete improvements, or link "
                       "them to other gaps and touchpoints. Their wording, owner, deadline and status can still be "
                       "changed."),
}


def check(actor, action, target=None):
    """Whether ``actor`` may do ``action`` to ``target``; raise the reason when not. The one place that decides.

    - ``VIEW``, ``RATE``, ``EDIT``, ``PROPOSE``, ``RUN`` on a workshop (None: a journey without a workshop, which
      closes never): once it is closed, ``RATE``, ``EDIT`` and ``PROPOSE`` are for its facilitators only (a
      ValidationError saying why; the workshop is the one read by the caller, a service reads it again); then
      the role has to be high enough (guests only ``VIEW`` and ``RATE``): a bare PermissionDenied, as the room
      and the API's permission class refuse it before any service runs.
    - ``SPEAK_FOR`` a participant: through the API a member writes only their own participant's scores,
      facilitators and owners anyone's (typing in scores given on paper, tidying up). In the room everyone
      scores as themselves, so the room never asks. A 403 that says whose scores these are.
    - ``CHANGE_NOTE`` a note: in the room a participant changes only their own notes (a bare 403); through the
      API its author (who wrote it in the room or through the API) and the workshop's facilitators and owners.
    """
    refusal = _refusal(actor, action, target)
    if refusal is not None:
        raise refusal


def allows(actor, action, target=None):
    """``check`` as a yes or no, for templates and ``Room.can``."""
    return _refusal(actor, action, target) is None


def _refusal(actor, action, target):
    if action == SPEAK_FOR:
        if actor.via == ROOM or _own_or_facilitating(actor, target.user_id):
            return None
        return PermissionDenied(_("These are the scores of %(name)s: only they and the workshop's facilitators "
                                  "can add, change or delete them.") % {"name": target.display_name})
    if action == CHANGE_NOTE:
        if actor.via == ROOM:
            return None if actor.participant is not None and target.participant_id == actor.participant.pk else (
                PermissionDenied())
        if _own_or_facilitating(actor, target.author_id):
            return None
        return PermissionDenied(_("Only the note's author and the workshop's facilitators can change or delete it."))
    if action in _CLOSED and target is not None and not target.is_open and not actor.facilitates:
        return ValidationError(_CLOSED[action]())
    allowed = action in GUEST_ACTIONS if actor.is_guest else role_allows(actor.role, ACTION_NEEDS[action])
    return None if allowed else PermissionDenied()


def _own_or_facilitating(actor, owner_id):
    """The API's rule for people's own words: the person they belong to (``owner_id``), or anyone who facilitates."""
    if actor.facilitates:
        return True
    user = actor.user
    return user is not None and user.is_authenticated and owner_id is not None and owner_id == user.pk


# How a workshop is found from what its room edits: its current journey, or the ideal version of that journey
# (whose workshop is the current journey's), and their stages and touchpoints.
_WORKSHOP_OF = {"journey": "journey", "stage": "journey__stages", "touchpoint": "journey__stages__touchpoints"}


def workshop_of(**one):
    """The workshop whose room edits the one ``journey``, ``stage`` or ``touchpoint`` given (an object or an id),
    or None. One query."""
    ((kind, value),) = one.items()
    current = _WORKSHOP_OF[kind]
    ideal = current.replace("journey", "journey__ideal", 1)
    return Workshop.objects.filter(Q(**{current: value}) | Q(**{ideal: value})).first()


class Room:
    """Who is in the room of ``workshop`` (its ``actor``) and what they may do there."""

    def __init__(self, workshop, *, role=None, participant=None, user=None):
        self.workshop = workshop
        self.actor = Actor(user=user, participant=participant, role=role, via=ROOM)

    @property
    def role(self):
        return self.actor.role  # the team role, or None for a guest

    @property
    def user(self):
        return self.actor.user

    @property
    def participant(self):
        return self.actor.participant

    @participant.setter
    def participant(self, participant):
        self.actor = replace(self.actor, participant=participant)

    @property
    def is_guest(self):
        return self.actor.is_guest

    def can(self, action):
        return allows(self.actor, action, self.workshop)

    @property
    def can_rate(self):
        return self.can(RATE)

    @property
    def can_edit(self):
        return self.can(EDIT)

    @property
    def can_run(self):
        return self.can(RUN)


def guest_participant_id(request, workshop_id):
    return request.session.get(GUEST_SESSION_KEY, {}).get(str(workshop_id))


def remember_guest(request, participant):
    guests = dict(request.session.get(GUEST_SESSION_KEY, {}))
    guests[str(participant.workshop_id)] = participant.pk
    request.session[GUEST_SESSION_KEY] = guests


def room_for(request, workshop_id, action=VIEW, *, queryset=None):
    """The Room for ``workshop_id`` as seen by this request, or Http404 / PermissionDenied.

    Members are found through their team; guests through the participant id their session holds,
    valid only while the join code they used has not been renewed.
    """
    queryset = queryset if queryset is not None else Workshop.objects.select_related("journey", "team")
    user = request.user
    room = None
    if user.is_authenticated:
        try:
            workshop = get_for_user(queryset, user, pk=workshop_id)
        except Http404:
            workshop = None
        if workshop is not None:
            participant = Participant.objects.filter(workshop=workshop, user=user).first()
            room = Room(workshop, role=workshop.my_role, participant=participant, user=user)
    if room is None:
        participant_id = guest_participant_id(request, workshop_id)
        if participant_id is None:
            raise Http404
        participant = (
            Participant.objects.filter(pk=participant_id, workshop_id=workshop_id, user__isnull=True)
            .select_related("workshop__journey", "workshop__team")
            .first()
        )
        if participant is None or participant.join_generation != participant.workshop.join_generation:
            raise Http404
        room = Room(participant.workshop, participant=participant)
    if not room.can(action):
        raise PermissionDenied
    return room
