"""Step 3, touchpoints: the journey as columns of stages holding touchpoint cards.

``Board`` is what the room page, the projector and the htmx fragments show; the ideal step reuses it for
the ideal journey. Loading one costs two queries (stages, touchpoints) whatever the journey's size.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from workshops.live import count_news

from ..forms.touchpoints import StageAddForm, TouchpointAddForm
from ..selectors import journey_stages

ROOM_TEMPLATE = "journeys/steps/touchpoints.html"
PROJECTOR_TEMPLATE = "journeys/projector/touchpoints.html"
LIVE = True  # watchers see touchpoints appear as the team adds them


@dataclass
class Board:
    journey: object
    stages: list
    editable: bool
    hints: list = field(default_factory=list)  # the ideal journey's health hints
    stage_form: object = None  # the form adding a stage (when editable)
    error: str = ""  # a refused action, shown above the board

    @property
    def is_ideal(self):
        return self.journey.is_ideal

    @cached_property
    def touchpoints(self):
        return [touchpoint for stage in self.stages for touchpoint in stage.items]

    @property
    def moments_of_truth(self):
        return [touchpoint for touchpoint in self.touchpoints if touchpoint.moment_of_truth]

    @property
    def targets_set(self):
        return [touchpoint for touchpoint in self.touchpoints if touchpoint.target_emotion is not None]

    @property
    def new_in_ideal(self):
        return [touchpoint for touchpoint in self.touchpoints if touchpoint.source_id is None]

    def stage(self, pk):
        return next((stage for stage in self.stages if stage.pk == pk), None)

    def touchpoint(self, pk):
        return next((touchpoint for touchpoint in self.touchpoints if touchpoint.pk == pk), None)


def load_board(journey, *, editable):
    """The journey's stages (each with ``items``, its touchpoints in order) ready for the templates."""
    stages = journey_stages(journey)
    for index, stage in enumerate(stages):
        stage.number = index + 1
        stage.is_first, stage.is_last = index == 0, index == len(stages) - 1
        stage.items = list(stage.touchpoints.all())
        for number, touchpoint in enumerate(stage.items):
            touchpoint.is_first, touchpoint.is_last = number == 0, number == len(stage.items) - 1
            touchpoint.edit_form = None  # set by a view to show the card as a form
        stage.edit_form = stage.error = None
        stage.add_open = False
        stage.add_form = TouchpointAddForm(auto_id=f"id_add{stage.pk}_%s") if editable else None
    return Board(journey=journey, stages=stages, editable=editable,
                 stage_form=StageAddForm(auto_id=f"id_newstage{journey.pk}_%s") if editable else None)


def room_context(room):
    return {"board": load_board(room.workshop.journey, editable=room.can_edit)}


def projector_context(room):
    return {"board": load_board(room.workshop.journey, editable=False)}


def live_count(context):
    """What a watcher's live board counts, to say what changed (``live_news``): its touchpoints."""
    return len(context["board"].touchpoints)


def live_news(before, after):
    return count_news(
        before, after, changed=_("The touchpoints were changed."),
        added=lambda n: ngettext("%(count)d new touchpoint.", "%(count)d new touchpoints.", n),
        removed=lambda n: ngettext("%(count)d touchpoint removed.", "%(count)d touchpoints removed.", n),
    )
