"""Writes of the touchpoints step: the stages and touchpoints of a journey (the current one or its ideal).

Positions are dense, 0..n-1, among a journey's stages and among a stage's touchpoints. Every write that
changes such a list first locks the row that owns it (the journey for its stages, the stage for its
touchpoints) and then renumbers the whole list in the same transaction, so two people reordering at once
take turns instead of leaving duplicate or missing positions behind.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Journey, Stage, Touchpoint
from . import check_may_edit

MOVES = {"up": -1, "down": 1}

STAGE_FIELDS = ("name", "customer_goal", "scenario")
TOUCHPOINT_FIELDS = ("name", "channel", "category", "media", "lane", "importance", "moment_of_truth",
                     "target_emotion")


# The room's form says this too, for an id that is not one of the journey's stages: written once, here.
STAGE_OF_THIS_JOURNEY = gettext_lazy("Choose a stage of this journey.")
TARGET_ON_IDEAL_ONLY = gettext_lazy("Target emotions belong to the ideal journey.")


def _lock(model, *pks):
    """Lock the given rows (in primary-key order, so two transactions never wait on each other)."""
    list(model.objects.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk", flat=True))


def _renumber(items, *, moved=None, to=None):
    """Give ``items`` (already in order) positions 0..n-1, first moving ``moved`` to index ``to``.

    Saves only the rows whose position changed. Positions are unique (a constraint), and SQLite and PostgreSQL
    check it row by row, within one UPDATE too: a swap written at once would collide half-way. So the changed
    rows are first parked above every position in use (one UPDATE), then put in place (one more).
    """
    items = list(items)
    highest = max((item.position for item in items), default=0)
    if moved is not None:
        items.remove(moved)
        items.insert(to, moved)
    changed = []
    for index, item in enumerate(items):
        if item.position != index:
            item.position = index
            changed.append(item)
    if changed:
        model = type(changed[0])
        above = max(highest, len(items)) + 1  # parked: old position + above, beyond every old and new one
        model.objects.filter(pk__in=[item.pk for item in changed]).update(position=F("position") + above)
        model.objects.bulk_update(changed, ["position"])
    return items


def _stages_of(journey_id):
    return list(Stage.objects.filter(journey_id=journey_id).order_by("position", "pk"))


def _touchpoints_of(stage_id):
    return list(Touchpoint.objects.filter(stage_id=stage_id).order_by("position", "pk"))


def _deleted():
    return ValidationError(_("Someone else just deleted this. Reload the page."))


def _find(items, wanted):
    """``wanted`` among the freshly locked ``items``; someone may have deleted it a moment ago."""
    found = next((item for item in items if item.pk == wanted.pk), None)
    if found is None:
        raise _deleted()
    return found


def lock_existing(obj):
    """Lock ``obj``'s row before changing it; a row deleted a moment ago is an error, not a new row."""
    if not list(type(obj).objects.select_for_update().filter(pk=obj.pk).values_list("pk", flat=True)):
        raise _deleted()


def _direction(direction):
    if direction not in MOVES:
        raise ValidationError({"direction": _("Choose up or down.")})
    return MOVES[direction]


# --- Stages --------------------------------------------------------------------------------------

@transaction.atomic
def stage_create(*, journey, name, customer_goal="", scenario="", actor):
    """A new stage at the end of ``journey``."""
    check_may_edit(actor, journey=journey.pk)
    _lock(Journey, journey.pk)
    stages = _renumber(_stages_of(journey.pk))
    stage = Stage(journey=journey, position=len(stages), name=" ".join(name.split()),
                  customer_goal=customer_goal.strip(), scenario=scenario.strip())
    stage.full_clean()
    stage.save()
    return stage


@transaction.atomic
def stage_update(*, stage, actor, **changes):
    unknown = set(changes) - set(STAGE_FIELDS)
    if unknown:
        raise ValueError(f"not a stage field: {sorted(unknown)}")
    check_may_edit(actor, journey=stage.journey_id)
    lock_existing(stage)
    for field, value in changes.items():
        setattr(stage, field, value.strip() if isinstance(value, str) else value)
    stage.name = " ".join(stage.name.split())
    stage.full_clean()
    stage.save(update_fields=list(changes))
    return stage


@transaction.atomic
def stage_delete(*, stage, actor):
    """Delete ``stage`` with its touchpoints (and, through them, their scores and notes)."""
    check_may_edit(actor, journey=stage.journey_id)
    _lock(Journey, stage.journey_id)
    stage.delete()
    _renumber(_stages_of(stage.journey_id))


def _move(items, item, step):
    """Move ``item`` ``step`` places within the locked, ordered ``items`` (clamped at the ends)."""
    current = _find(items, item)
    target = min(max(items.index(current) + step, 0), len(items) - 1)
    items = _renumber(items, moved=current, to=target)
    item.position = current.position
    return items


@transaction.atomic
def stage_move(*, stage, direction, actor):
    """Move ``stage`` one place earlier ("up") or later ("down"); at either end it stays put."""
    step = _direction(direction)
    check_may_edit(actor, journey=stage.journey_id)
    _lock(Journey, stage.journey_id)
    return _move(_stages_of(stage.journey_id), stage, step)


# --- Touchpoints ---------------------------------------------------------------------------------

def _check_target(stage, fields):
    """A target emotion belongs to a touchpoint of an ideal journey (the room's ideal step, or the API)."""
    if fields.get("target_emotion") is not None and stage.journey.ideal_of_id is None:
        raise ValidationError({"target_emotion": TARGET_ON_IDEAL_ONLY})


def _clean_touchpoint_fields(changes):
    unknown = set(changes) - set(TOUCHPOINT_FIELDS)
    if unknown:
        raise ValueError(f"not a touchpoint field: {sorted(unknown)}")
    if "name" in changes:
        changes["name"] = " ".join(str(changes["name"]).split())
    return changes


@transaction.atomic
def touchpoint_create(*, stage, name, actor, **fields):
    """A new touchpoint at the end of ``stage``; fields not given keep the model's defaults."""
    fields = _clean_touchpoint_fields({"name": name, **fields})
    check_may_edit(actor, journey=stage.journey_id)
    _check_target(stage, fields)
    _lock(Stage, stage.pk)
    touchpoints = _renumber(_touchpoints_of(stage.pk))
    touchpoint = Touchpoint(stage=stage, position=len(touchpoints), **fields)
    touchpoint.full_clean()
    touchpoint.save()
    return touchpoint


@transaction.atomic
def touchpoint_update(*, touchpoint, stage=None, actor, **changes):
    """Change a touchpoint's fields; with ``stage`` (of the same journey) move it to the end of that stage."""
    changes = _clean_touchpoint_fields(changes)
    check_may_edit(actor, stage=touchpoint.stage_id)
    _check_target(stage or touchpoint.stage, changes)
    lock_existing(touchpoint)
    old_stage_id = touchpoint.stage_id
    moving = stage is not None and stage.pk != old_stage_id
    if moving:
        journey_id = Stage.objects.filter(pk=old_stage_id).values_list("journey_id", flat=True).first()
        if stage.journey_id != journey_id:
            raise ValidationError({"stage": STAGE_OF_THIS_JOURNEY})
        _lock(Stage, old_stage_id, stage.pk)
        touchpoint.stage = stage
        touchpoint.position = len(_renumber(_touchpoints_of(stage.pk)))
    for field, value in changes.items():
        setattr(touchpoint, field, value)
    touchpoint.full_clean()
    touchpoint.save()
    if moving:
        _renumber(_touchpoints_of(old_stage_id))
    return touchpoint


@transaction.atomic
def touchpoint_delete(*, touchpoint, actor):
    """Delete ``touchpoint`` (its scores and notes go with it; copies in an ideal journey lose their link)."""
    check_may_edit(actor, stage=touchpoint.stage_id)
    _lock(Stage, touchpoint.stage_id)
    touchpoint.delete()
    _renumber(_touchpoints_of(touchpoint.stage_id))


@transaction.atomic
def touchpoint_move(*, touchpoint, direction, actor):
    """Move ``touchpoint`` one place up or down within its stage; at either end it stays put."""
    step = _direction(direction)
    check_may_edit(actor, stage=touchpoint.stage_id)
    _lock(Stage, touchpoint.stage_id)
    return _move(_touchpoints_of(touchpoint.stage_id), touchpoint, step)
