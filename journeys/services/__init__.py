"""Writes for journeys. Each service validates and runs in one transaction.

A write of a workshop's journey (its scope, evidence, stages and touchpoints, ideal version, gaps) takes the
``actor`` who writes (``workshops.access.Actor``), the room's and the API's alike, and is refused once the workshop
is closed to them (``check_may_edit``): a guest (or a member) writes only while it is open.
"""

from django.db import transaction
from django.db.models import Max

from workshops import access

from ..blueprints import STAGES
from ..models import Journey, Stage, Touchpoint

TOUCHPOINT_COPY_FIELDS = ["name", "channel", "category", "media", "lane", "importance", "moment_of_truth",
                          "target_emotion"]


@transaction.atomic
def journey_create(*, team, title, template, persona=None):
    journey = Journey.objects.create(team=team, title=title, template=template, persona=persona)
    Stage.objects.bulk_create(
        Stage(journey=journey, position=index, name=str(name)) for index, name in enumerate(STAGES[template])
    )
    return journey


@transaction.atomic
def journey_copy(*, source, title, ideal=False):
    """Copy a journey's scope, stages and touchpoints (not its scores, notes or evidence).

    With ``ideal=True`` the copy becomes the ideal version of ``source``; each touchpoint keeps a link to
    the one it was copied from, which is how the ideal and the current journey are compared.
    """
    copy = Journey.objects.create(
        team=source.team, persona=source.persona, title=title, customer_goal=source.customer_goal,
        end_point=source.end_point, departments=source.departments, scope_notes=source.scope_notes,
        template=source.template, ideal_of=source if ideal else None,
    )
    stages = list(source.stages.prefetch_related("touchpoints"))
    new_stages = Stage.objects.bulk_create(
        Stage(journey=copy, position=stage.position, name=stage.name, customer_goal=stage.customer_goal,
              scenario=stage.scenario)
        for stage in stages
    )
    Touchpoint.objects.bulk_create(
        Touchpoint(stage=new_stage, position=touchpoint.position, source=touchpoint,
                   **{field: getattr(touchpoint, field) for field in TOUCHPOINT_COPY_FIELDS})
        for stage, new_stage in zip(stages, new_stages, strict=True)
        for touchpoint in stage.touchpoints.all()
    )
    return copy


def check_may_edit(actor, **one):
    """Refuse a write by ``actor`` into the ``journey``, ``stage`` or ``touchpoint`` given (an object or an id)
    when ``workshops.access.check`` says no (once its workshop is closed to them, say). One query."""
    access.check(actor, access.EDIT, access.workshop_of(**one))


def next_position(queryset):
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1
