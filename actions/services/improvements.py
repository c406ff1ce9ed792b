"""Writes of the workshop's improvements step: propose, edit, move on the matrix, assign, the room's status
decision, delete.

Each validates everything itself (a caller other than the forms gets the same checks) and runs in one
transaction, under a lock on the improvement's row where one already exists, so two people moving or
assigning the same improvement at once each see a consistent result and nothing is half-saved.

Once the workshop is closed, what only its room does — proposing, deleting, linking to other gaps and
touchpoints — is for its facilitators (``actor``: who writes; the rule of ``workshops.access.check``,
``PROPOSE``). The follow-up goes on for every member: wording, impact and effort,
owner, deadline and status change on the improvement's own page after the workshop too (``services.plan``).
"""


from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from journeys.models import Touchpoint
from journeys.services.gaps import TOUCHPOINTS_OF_THIS_JOURNEY
from workshops import access

from ..models import SCALE_MAX, SCALE_MIN, Improvement, Status
from ..tasks import improvement_saved
from . import plan
from .plan import owner_and_deadline_errors
from .status import change_status

WORKSHOP_STATUSES = (Status.PROPOSED, Status.PLANNED)


def _check_scale(errors, name, value, message):
    if isinstance(value, bool) or not isinstance(value, int) or not SCALE_MIN <= value <= SCALE_MAX:
        errors[name] = message % {"min": SCALE_MIN, "max": SCALE_MAX}


def _scale_errors(impact, effort):
    errors = {}
    _check_scale(errors, "impact", impact, _("Choose an impact from %(min)s to %(max)s."))
    _check_scale(errors, "effort", effort, _("Choose an effort from %(min)s to %(max)s."))
    return errors


def _link_errors(journey, gap, touchpoints):
    """The gap and the touchpoints must be the current journey's (not another journey's, not the ideal's)."""
    errors = {}
    if journey.is_ideal:
        errors["__all__"] = _("Improvements belong to the current journey, not to its ideal version.")
    if gap is not None and gap.journey_id != journey.pk:
        errors["gap"] = _("Choose a gap of this journey.")
    ids = [touchpoint.pk for touchpoint in touchpoints]
    if ids and Touchpoint.objects.filter(pk__in=ids).exclude(stage__journey=journey).exists():
        errors["touchpoints"] = TOUCHPOINTS_OF_THIS_JOURNEY
    return errors


def _clean_text(errors, title, kpi):
    title = " ".join((title or "").split())
    if not title:
        errors["title"] = _("Say in a few words what you would do.")
    return title, " ".join((kpi or "").split())


def _check_room_open(journey_id, actor):
    access.check(actor, access.PROPOSE, access.workshop_of(journey=journey_id))


def _save(improvement, touchpoints, fields=None):
    improvement.full_clean(exclude=["owner", "created_by"])
    improvement.save(update_fields=fields)
    improvement.touchpoints.set(touchpoints)
    return improvement


@transaction.atomic
def improvement_create(*, journey, title, description="", kpi="", gap=None, touchpoints=(), impact=3, effort=3,
                       created_by=None, actor):
    """A proposed improvement of ``journey`` (a current journey), optionally for one of its gaps and
    touchpoints, placed on the matrix at ``impact`` and ``effort`` (1–5). ``created_by``: the Participant."""
    touchpoints = list(touchpoints)
    errors = {**_link_errors(journey, gap, touchpoints), **_scale_errors(impact, effort)}
    title, kpi = _clean_text(errors, title, kpi)
    if errors:
        raise ValidationError(errors)
    _check_room_open(journey.pk, actor)
    improvement = Improvement(journey=journey, gap=gap, title=title, description=(description or "").strip(),
                              kpi=kpi, impact=impact, effort=effort, created_by=created_by)
    return _save(improvement, touchpoints)


def _locked(improvement):
    return Improvement.objects.select_for_update(of=("self",)).select_related("journey").get(pk=improvement.pk)


@transaction.atomic
def improvement_update(*, improvement, title, description="", kpi="", gap=None, touchpoints=(), impact, effort,
                       actor):
    """Reword an improvement, link it to another gap or other touchpoints, or place it elsewhere. Its owner,
    deadline and status stay. Other links on a closed workshop are for its facilitators; the rest for anyone."""
    locked = _locked(improvement)
    touchpoints = list(touchpoints)
    errors = {**_link_errors(locked.journey, gap, touchpoints), **_scale_errors(impact, effort)}
    title, kpi = _clean_text(errors, title, kpi)
    if errors:
        raise ValidationError(errors)
    relinked = (gap.pk if gap else None) != locked.gap_id or (
        {touchpoint.pk for touchpoint in touchpoints} != set(locked.touchpoints.values_list("pk", flat=True)))
    if relinked:
        _check_room_open(locked.journey_id, actor)
    locked.title, locked.description, locked.kpi = title, (description or "").strip(), kpi
    locked.gap, locked.impact, locked.effort = gap, impact, effort
    _save(locked, touchpoints, fields=["title", "description", "kpi", "gap", "impact", "effort", "updated_at"])
    _copy(locked, improvement, "title", "description", "kpi", "gap", "impact", "effort")
    return improvement


@transaction.atomic
def improvement_move(*, improvement, impact, effort):
    """Place an improvement elsewhere on the matrix: its quadrant follows from the numbers."""
    errors = _scale_errors(impact, effort)
    if errors:
        raise ValidationError(errors)
    locked = _locked(improvement)
    locked.impact, locked.effort = impact, effort
    locked.save(update_fields=["impact", "effort", "updated_at"])
    _copy(locked, improvement, "impact", "effort")
    return improvement


@transaction.atomic
def improvement_assign(*, improvement, owner, deadline, today=None):
    """Give an improvement an ``owner`` (a member of its team who may own improvements, or None) and a
    ``deadline`` (a date, or None). A new owner must be a member (or more) of the team, a new deadline may
    not lie in the past; the owner and the deadline it already had may stay."""
    today = today or timezone.localdate()
    locked = _locked(improvement)
    errors = owner_and_deadline_errors(locked, owner, deadline, today)
    if errors:
        raise ValidationError(errors)
    locked.owner, locked.deadline = owner, deadline
    locked.save(update_fields=["owner", "deadline", "updated_at"])
    improvement_saved(locked)
    _copy(locked, improvement, "owner", "deadline")
    return improvement


def improvement_set_workshop_status(*, improvement, status, actor=None):
    """The room's decision: ``proposed`` or ``planned`` (through ``change_status``, so it is in the history).
    An improvement already started, done or dropped is the follow-up's; the workshop leaves it alone. A planned
    one may lack an owner or a deadline for a while: the workshop cannot be closed until it has both."""
    if status not in WORKSHOP_STATUSES:
        raise ValidationError({"status": _("In the workshop an improvement is proposed or planned.")})
    with transaction.atomic():
        locked = _locked(improvement)
        if locked.status not in WORKSHOP_STATUSES:
            raise ValidationError({"status": _("This improvement is %(status)s: change it on its own page.")
                                   % {"status": Status(locked.status).label.lower()}})
        change = change_status(improvement=locked, status=status, actor=actor)
    improvement.status = locked.status
    return change


@transaction.atomic
def improvement_delete(*, improvement, actor):
    """Delete a proposed improvement (a duplicate, a mistake). Once planned it has a history: drop it instead."""
    locked = _locked(improvement)
    if locked.status != Status.PROPOSED:
        raise ValidationError(_("Only a proposed improvement can be deleted; drop a planned one on its own page."))
    _check_room_open(locked.journey_id, actor)
    locked.delete()


# --- What one API request writes ---------------------------------------------------------------------------

@transaction.atomic
def improvement_propose_and_plan(*, journey, actor, title="", description="", kpi="", gap=None, touchpoints=(),
                                 impact=3, effort=3, owner=None, deadline=None, status=Status.PROPOSED, comment=""):
    """Propose an improvement and, in the same step, give it an owner, a deadline and a status (what one API
    request may ask): ``improvement_create``, ``improvement_assign`` and the follow-up's status change, with
    ``comment`` for its history."""
    improvement = improvement_create(journey=journey, title=title, description=description, kpi=kpi, gap=gap,
                                     touchpoints=touchpoints, impact=impact, effort=effort, actor=actor)
    if owner is not None or deadline is not None:
        improvement_assign(improvement=improvement, owner=owner, deadline=deadline)
    if status != Status.PROPOSED:
        plan.improvement_set_status(improvement=improvement, status=status, comment=comment, actor=actor)
    return improvement


@transaction.atomic
def improvement_change(*, improvement, actor, **changes):
    """Change what one API request may, only the fields in ``changes``: wording, impact and effort, owner and
    deadline (the follow-up's ``plan.improvement_update``), the gap and touchpoints (the room's
    ``improvement_update``: on a closed workshop its facilitators only) and the status, with ``comment`` for
    its history."""
    current = improvement
    merged = {name: changes.get(name, getattr(current, name))
              for name in ("title", "description", "kpi", "impact", "effort", "gap", "owner", "deadline")}
    status = changes.get("status", current.status)
    comment = changes.get("comment", "")

    def set_status():
        if status != current.status or comment:
            plan.improvement_set_status(improvement=current, status=status, comment=comment, actor=actor)

    if status not in Status.committed_values():
        set_status()  # leaving "planned" first: then the owner or deadline may be cleared
    if "gap" in changes or "touchpoints" in changes:
        touchpoints = changes.get("touchpoints", list(current.touchpoints.all()))
        improvement_update(
            improvement=current, title=merged["title"], description=merged["description"], kpi=merged["kpi"],
            gap=merged["gap"], touchpoints=touchpoints, impact=merged["impact"], effort=merged["effort"],
            actor=actor)
    plan.improvement_update(improvement=current, today=timezone.localdate(), **{
        name: merged[name] for name in ("title", "description", "impact", "effort", "kpi", "owner", "deadline")})
    if status in Status.committed_values():
        set_status()
    return current


def _copy(source, target, *names):
    if source is not target:
        for name in names:
            setattr(target, name, getattr(source, name))
