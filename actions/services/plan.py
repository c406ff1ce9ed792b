"""Writes of the follow-up pages: an improvement's details edited outside the workshop, its status moved
(through ``change_status``, so every step lands in its history), and a user's calendar feed.

Each write locks the improvement's row and checks against the row as it is now, so two people editing
at once can never leave a planned improvement without an owner or a deadline.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from workshops.models import Membership, Role

from ..models import CalendarFeed, Improvement, Status, new_feed_token
from ..tasks import improvement_saved
from .status import change_status

OWNER_ROLES = [Role.MEMBER, Role.FACILITATOR, Role.OWNER]  # viewers read; they do not own improvements
DEADLINE_MAX_YEARS = 10


def eligible_owners(team):
    """The people of ``team`` who may own an improvement (members and up), by name."""
    return (
        Membership.objects.filter(team=team, role__in=OWNER_ROLES).select_related("user")
        .order_by("user__name", "user__pk")
    )


def missing_for_plan_message(missing):
    """Why an improvement cannot be planned or started yet: ``missing`` is a subset of ("owner", "deadline")."""
    if set(missing) == {"owner", "deadline"}:
        return _("Give it an owner and a deadline first: a planned or started improvement needs both.")
    if "owner" in missing:
        return _("Give it an owner first: a planned or started improvement needs one.")
    return _("Give it a deadline first: a planned or started improvement needs one.")


def owner_and_deadline_errors(locked, owner, deadline, today):
    """{field: message} for a new ``owner`` (a member, facilitator or owner of the team) and a new
    ``deadline`` (from ``today`` to DEADLINE_MAX_YEARS on) of the ``locked`` improvement; the owner and the
    deadline it already has may stay. The one rule for the room (step 7) and the improvement's page."""
    errors = {}
    if owner is not None and owner.pk != locked.owner_id and not (
        eligible_owners(locked.journey.team_id).filter(user=owner).exists()
    ):
        errors["owner"] = _("Choose a member of this team (viewers cannot own improvements).")
    if deadline is not None and deadline != locked.deadline:
        if deadline < today:
            errors["deadline"] = _("This date has passed. Choose today or a later date.")
        elif deadline > today + timedelta(days=365 * DEADLINE_MAX_YEARS):
            errors["deadline"] = _("Choose a date within the next %(years)s years.") % {"years": DEADLINE_MAX_YEARS}
    return errors


def _locked(improvement):
    return Improvement.objects.select_for_update(of=("self",)).select_related("journey").get(pk=improvement.pk)


@transaction.atomic
def improvement_update(*, improvement, title, description, impact, effort, kpi, owner, deadline, today):
    """Change an improvement's details. ``owner`` must be a member (or more) of its team — or the owner it
    already has; a new ``deadline`` may not lie before ``today`` (an old one may stay). A planned or started
    improvement keeps an owner and a deadline. Returns the saved improvement."""
    locked = _locked(improvement)
    errors = owner_and_deadline_errors(locked, owner, deadline, today)
    if locked.status in Status.committed_values():
        if owner is None:
            errors.setdefault("owner", _("A planned or started improvement needs an owner."))
        if deadline is None:
            errors.setdefault("deadline", _("A planned or started improvement needs a deadline."))
    if errors:
        raise ValidationError(errors)
    locked.title = " ".join((title or "").split())
    locked.description = (description or "").strip()
    locked.impact, locked.effort = impact, effort
    locked.kpi = " ".join((kpi or "").split())
    locked.owner, locked.deadline = owner, deadline
    locked.full_clean(exclude=["journey", "gap", "created_by"])
    locked.save(update_fields=["title", "description", "impact", "effort", "kpi", "owner", "deadline",
                               "updated_at"])
    improvement_saved(locked)
    return locked


@transaction.atomic
def improvement_set_status(*, improvement, status, comment="", actor=None):
    """Move an improvement to ``status`` with an optional ``comment``, kept in its history. Planned and in
    progress need an owner and a deadline; the same status again only with a comment (a note in the
    history). Returns the StatusChange."""
    if status not in Status.values:
        raise ValidationError({"status": _("Choose one of the statuses.")})
    locked = _locked(improvement)
    comment = (comment or "").strip()
    if status in Status.committed_values():
        missing = [name for name, value in (("owner", locked.owner_id), ("deadline", locked.deadline)) if not value]
        if missing:
            raise ValidationError({"status": missing_for_plan_message(missing)})
    if status == locked.status and not comment:
        raise ValidationError({"status": _("It already has this status. Choose another one, or write a comment.")})
    change = change_status(improvement=locked, status=status, actor=actor, comment=comment)
    improvement.status = locked.status
    return change


# --- The calendar feed -------------------------------------------------------------------------------

@transaction.atomic
def calendar_feed_renew(*, user):
    """Give ``user`` a calendar address: a new one when they had one (the old address stops working)."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
    return feed, created


def calendar_feed_revoke(*, user):
    """Stop ``user``'s calendar address. Returns whether there was one."""
    deleted, _by_model = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)
