"""One module per workshop step. Each gives the room page and the projector what to show:

- ``room_context(room) -> dict`` and ``ROOM_TEMPLATE``: the step on participants' screens,
- ``projector_context(room) -> dict`` and ``PROJECTOR_TEMPLATE``: the step on the projector, polled live.

Both are reads with a fixed number of queries, whatever the size of the journey.
"""

from workshops.models import Step

from . import data, emotions, gaps, ideal, improvements, scope, touchpoints

MODULES = {
    Step.SCOPE: scope,
    Step.DATA: data,
    Step.TOUCHPOINTS: touchpoints,
    Step.EMOTIONS: emotions,
    Step.IDEAL: ideal,
    Step.GAPS: gaps,
    Step.IMPROVEMENTS: improvements,
}


def for_step(step):
    return MODULES[Step(step)]
