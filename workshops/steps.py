"""Which module draws each step of the room.

The room (``workshops.room_views``) composes the seven steps but owns none of them: ``journeys`` registers
steps 1–6 and ``actions`` step 7 from their ``AppConfig.ready()``, so this app imports neither. A step module
gives the room:

- ``ROOM_TEMPLATE`` and ``room_context(room) -> dict``: the step on participants' screens;
- ``PROJECTOR_TEMPLATE`` and ``projector_context(room) -> dict``: the step on the projector, polled live;
- optionally ``LIVE = True`` with ``live_count(context)`` and ``live_news(before, after)``: someone who only
  watches (a guest or viewer) sees the team's edits appear, and hears what changed (the touchpoints, the ideal
  journey, the improvements; scope and data have live parts of their own, and where people score or vote a swap
  would get in their way);
- optionally ``version(workshop) -> str``: a part of the room's version (when it changes, every screen reloads).

The contexts are reads with a fixed number of queries, whatever the size of the journey.
"""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .models import Step

_MODULES = {}


def register(step, module):
    """Let ``module`` draw ``step`` (from an app's ``ready()``). A step has one module."""
    step = Step(step)
    if _MODULES.get(step, module) is not module:
        raise ImproperlyConfigured(f"Step {step} is drawn by {_MODULES[step].__name__} already.")
    _MODULES[step] = module


def for_step(step):
    return _MODULES[Step(step)]


def is_live(step):
    """Whether watchers of ``step`` follow the team's edits as they happen."""
    return getattr(for_step(step), "LIVE", False)


def version_part(workshop):
    """The current step's own part of the room's version, or None for a step without one."""
    version = getattr(for_step(workshop.step), "version", None)
    return version(workshop) if version else None


@checks.register()
def every_step_drawn(app_configs=None, **kwargs):
    """A step no app registered would be a 500 in the room: say so at start-up instead."""
    return [checks.Error(f"No module draws the room's step {step} ({step.label}).",
                         hint="Register one with workshops.steps.register() in an app's ready().",
                         id="workshops.E001")
            for step in Step.ordered() if step not in _MODULES]
