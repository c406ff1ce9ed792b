"""Steps 1–6 of the room, one module each (step 7, the improvements, is ``actions.steps.improvements``).

``workshops.steps`` says what a step module gives the room. Importing this package registers the six there;
``journeys.apps`` does so when Django starts.
"""

from workshops import steps as room_steps
from workshops.models import Step

from . import data, emotions, gaps, ideal, scope, touchpoints

for _step, _module in {
    Step.SCOPE: scope,
    Step.DATA: data,
    Step.TOUCHPOINTS: touchpoints,
    Step.EMOTIONS: emotions,
    Step.IDEAL: ideal,
    Step.GAPS: gaps,
}.items():
    room_steps.register(_step, _module)
