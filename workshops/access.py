"""Who may see or do what. Every view, API endpoint and export decides access here.

The rule: an object belongs to exactly one team (its model's ``team_path`` says how to reach it).
A user who is not a member of that team gets a 404 — we do not even confirm the object exists.
A member whose role is below what the action needs gets a 403.
"""

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

VIEW = "view"  # see the room and the projector
RATE = "rate"  # score touchpoints, add rose/bud/thorn notes, dot-vote — guests too
EDIT = "edit"  # change the journey's content (evidence, touchpoints, gaps): members and up
RUN = "run"  # steps, countdown, open/close, join code: facilitators and owners

ACTION_NEEDS = {VIEW: READ, RATE: CONTRIBUTE, EDIT: CONTRIBUTE, RUN: FACILITATE}
GUEST_ACTIONS = {VIEW, RATE}
GUEST_SESSION_KEY = "klantreis_guest_of"


def takes_contributions(workshop, role):
    """The rule of a closed workshop, for the room and the API alike: it is read-only for everyone but its
    facilitators (and owners), who may still tidy up. ``role`` is a team role, None for a guest."""
    return workshop.is_open or (role is not None and role_allows(role, FACILITATE))


def check_takes_contributions(workshop, role, message=None):
    """``takes_contributions`` for the services: refuse (a ValidationError saying why, ``message`` or the general
    one) a write by ``role`` into ``workshop`` once it is closed to them. Every write of a workshop's journey goes
    through here, from the room and the API alike. ``workshop`` None: a journey without a workshop closes never."""
    if workshop is not None and not takes_contributions(workshop, role):
        raise ValidationError(message or _("The workshop is closed: only its facilitators can still change its "
                                           "journey."))


def speaks_for(participant, *, user, role):
    """Whether ``user``, with team ``role``, may write ``participant``'s scores through the API: a member only
    their own (the participant they are in the workshop's room), its facilitators and owners anyone's (typing
    in scores given on paper, tidying up). In the room everyone scores as themselves, so the room never asks."""
    return _own_or_facilitating(participant.user_id, user=user, role=role)


def check_speaks_for(participant, *, user, role):
    """``speaks_for`` for the services: a 403 that says whose scores these are."""
    if not speaks_for(participant, user=user, role=role):
        raise PermissionDenied(_("These are the scores of %(name)s: only they and the workshop's facilitators "
                                 "can add, change or delete them.") % {"name": participant.display_name})


def may_change_note(note, *, user, role):
    """Whether ``user``, with team ``role``, may change or delete ``note`` through the API: its author (who wrote
    it in the room or through the API), the workshop's facilitators and owners. In the room a participant deletes
    only their own notes (``journeys.services.emotions.note_delete``)."""
    return _own_or_facilitating(note.author_id, user=user, role=role)


def _own_or_facilitating(owner_id, *, user, role):
    """The API's rule for people's own words: the person they belong to (``owner_id``), or anyone who facilitates."""
    if role is not None and role_allows(role, FACILITATE):
        return True
    return user is not None and user.is_authenticated and owner_id is not None and owner_id == user.pk


def check_may_change_note(note, *, user, role):
    if not may_change_note(note, user=user, role=role):
        raise PermissionDenied(_("Only the note's author and the workshop's facilitators can change or delete it."))


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
    """Who is in the room of ``workshop`` and what they may do there."""

    def __init__(self, workshop, *, role=None, participant=None, user=None):
        self.workshop = workshop
        self.role = role  # the team role, or None for a guest
        self.participant = participant
        self.user = user

    @property
    def is_guest(self):
        return self.role is None

    def can(self, action):
        if self.is_guest:
            allowed = action in GUEST_ACTIONS
        else:
            allowed = role_allows(self.role, ACTION_NEEDS[action])
        if action in (RATE, EDIT) and not takes_contributions(self.workshop, self.role):
            return False
        return allowed

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
