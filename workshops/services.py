"""Writes for teams, memberships and invitations. Each is atomic and validates before saving."""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from workshops.queue import enqueue_on_commit

from .limits import DISPLAY_NAME_MAX
from .models import (
    Invitation,
    Membership,
    Participant,
    Role,
    Step,
    Team,
    User,
    Workshop,
    invitation_expiry,
    new_invitation_token,
    new_join_code,
)


def _unique_slug(name):
    # A random tail keeps addresses unique without revealing that another team chose the name.
    base = slugify(name)[:48] or "team"
    while True:
        slug = f"{base}-{secrets.token_hex(3)}"
        if not Team.objects.filter(slug=slug).exists():
            return slug


@transaction.atomic
def team_create(*, name, creator):
    """Create a team with ``creator`` as its owner and make it their current team."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the team a name.")})
    if Team.objects.filter(memberships__user=creator, name__iexact=name).exists():
        raise ValidationError({"name": _("You already have a team called “%(name)s”.") % {"name": name}})
    team = Team.objects.create(name=name, slug=_unique_slug(name))
    Membership.objects.create(team=team, user=creator, role=Role.OWNER)
    creator.current_team = team
    creator.save(update_fields=["current_team"])
    return team


def team_switch(*, user, team):
    user.current_team = team
    user.save(update_fields=["current_team"])


@transaction.atomic
def invitation_create(*, team, email, role, invited_by, language):
    """Invite ``email`` to ``team``; an open invitation for the same address is renewed and sent again.

    Returns ``(invitation, renewed)``.
    """
    email = email.strip().lower()
    if Membership.objects.filter(team=team, user__email__iexact=email).exists():
        raise ValidationError({"email": _("%(email)s is already a member of this team.") % {"email": email}})
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the roles.")})
    invitation = (
        Invitation.objects.select_for_update()
        .filter(team=team, email__iexact=email, accepted_at__isnull=True)
        .first()
    )
    renewed = invitation is not None
    if invitation is None:
        invitation = Invitation(team=team, email=email)
    invitation.role = role
    invitation.invited_by = invited_by
    invitation.language = language
    invitation.token = new_invitation_token()  # a renewed invitation invalidates the older link
    invitation.expires_at = invitation_expiry()
    invitation.sent_at = None
    invitation.full_clean()
    invitation.save()

    from .tasks import send_invitation

    enqueue_on_commit(send_invitation, invitation.pk)
    return invitation, renewed


def invitation_revoke(*, invitation):
    invitation.delete()


class InvitationUnusable(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason  # "unknown", "used" or "expired"


def invitation_for_token(token, *, lock=False):
    """The invitation behind ``token`` if it can still be accepted; InvitationUnusable otherwise."""
    queryset = Invitation.objects.select_related("team", "invited_by")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    invitation = queryset.filter(token=token).first() if token else None
    if invitation is None:
        raise InvitationUnusable("unknown")
    if invitation.accepted_at is not None:
        raise InvitationUnusable("used")
    if invitation.is_expired:
        raise InvitationUnusable("expired")
    return invitation


@transaction.atomic
def invitation_accept(*, token, user):
    """Make ``user`` a member of the invitation's team, once. Returns the membership.

    The row lock means two clicks at once cannot both use the same single-use link.
    """
    invitation = invitation_for_token(token, lock=True)
    membership, created = Membership.objects.get_or_create(
        team=invitation.team, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    user.current_team = invitation.team
    user.save(update_fields=["current_team"])
    return membership


@transaction.atomic
def invitation_accept_as_new_user(*, token, name, password, language):
    """Sign up with the invited address and accept the invitation, all or nothing."""
    invitation = invitation_for_token(token, lock=True)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("An account with this email address already exists: log in to accept."))
    user = User.objects.create_user(email=invitation.email, password=password, name=name, language=language)
    invitation_accept(token=token, user=user)
    return user


def _lock_memberships(membership):
    """Lock every membership of the team, so two owners demoting each other cannot both win."""
    rows = list(
        Membership.objects.select_for_update().select_related("user").filter(team_id=membership.team_id)
    )
    locked = next((row for row in rows if row.pk == membership.pk), None)
    if locked is None:
        raise Membership.DoesNotExist
    other_owners = [row for row in rows if row.role == Role.OWNER and row.pk != locked.pk]
    return locked, other_owners


@transaction.atomic
def membership_change_role(*, membership, role):
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the roles.")})
    locked, other_owners = _lock_memberships(membership)
    if locked.role == Role.OWNER and role != Role.OWNER and not other_owners:
        raise ValidationError({"role": _("A team needs at least one owner: make someone else owner first.")})
    locked.role = role
    locked.save(update_fields=["role"])
    return locked


@transaction.atomic
def membership_remove(*, membership):
    """Remove a member (or leave, when it is your own membership). The last owner stays."""
    locked, other_owners = _lock_memberships(membership)
    if locked.role == Role.OWNER and not other_owners:
        raise ValidationError(_("The last owner cannot leave the team: make someone else owner first."))
    locked.delete()
    user = locked.user
    if user.current_team_id == locked.team_id:
        user.current_team = Team.objects.filter(memberships__user=user).first()
        user.save(update_fields=["current_team"])


# --- Workshops ----------------------------------------------------------------------------------

def workshop_set_step(*, workshop, step):
    if step not in Step.values:
        raise ValidationError({"step": _("Unknown step.")})
    # A countdown belongs to the step it was started in.
    Workshop.objects.filter(pk=workshop.pk).update(step=step, step_ends_at=None)
    workshop.step, workshop.step_ends_at = step, None


COUNTDOWN_MAX_MINUTES = 120


def workshop_start_countdown(*, workshop, minutes):
    if not 1 <= minutes <= COUNTDOWN_MAX_MINUTES:
        raise ValidationError({"minutes": _("Choose between 1 and %(max)s minutes.") % {"max": COUNTDOWN_MAX_MINUTES}})
    ends = timezone.now() + timedelta(minutes=minutes)
    Workshop.objects.filter(pk=workshop.pk).update(step_ends_at=ends)
    workshop.step_ends_at = ends


def workshop_stop_countdown(*, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(step_ends_at=None)
    workshop.step_ends_at = None


def workshop_set_open(*, workshop, is_open):
    # Opening a closed workshop reopens it (see workshop_reopen): never open with a closing date.
    changes = {"is_open": is_open} if not is_open else {"is_open": True, "closed_at": None}
    Workshop.objects.filter(pk=workshop.pk).update(**changes)
    for name, value in changes.items():
        setattr(workshop, name, value)


def workshop_reopen(*, workshop):
    """Open a closed workshop again for contributions."""
    workshop_set_open(workshop=workshop, is_open=True)


def workshop_renew_join_code(*, workshop):
    """A new code; guests who joined with the old one are shut out."""
    workshop.join_code = new_join_code()
    workshop.join_generation = F("join_generation") + 1
    workshop.save(update_fields=["join_code", "join_generation"])
    workshop.refresh_from_db(fields=["join_code", "join_generation"])


def workshop_by_code(code):
    code = "".join(code.split()).upper()
    return Workshop.objects.filter(join_code=code).select_related("team").first() if code else None


def guest_join(*, workshop, display_name):
    display_name = " ".join(display_name.split())
    if not display_name:
        raise ValidationError({"display_name": _("Tell the room who you are.")})
    if not workshop.is_open:
        raise ValidationError({"code": _("This workshop is closed for new contributions.")})
    return Participant.objects.create(workshop=workshop, display_name=display_name[:DISPLAY_NAME_MAX],
                                      join_generation=workshop.join_generation)


def participant_for_member(*, workshop, user):
    # A person's name (or address) may be longer than a name in the room: the start of it is shown.
    participant, _created = Participant.objects.get_or_create(
        workshop=workshop, user=user, defaults={"display_name": (user.name or user.email)[:DISPLAY_NAME_MAX]}
    )
    return participant


def room_participant(room):
    """The participant acting in ``room``; a member who has not entered the room yet becomes one now."""
    if room.participant is None:
        if room.user is None:
            raise ValueError("a guest room always has its participant")
        room.participant = participant_for_member(workshop=room.workshop, user=room.user)
    return room.participant


def user_set_language(*, user, language):
    """Remember the language ``user`` reads Klantreis in (pages, emails, the report)."""
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
