"""Step 7 of the room, the improvements (``improvements``). Importing this package registers it with
``workshops.steps``; ``actions.apps`` does so when Django starts."""

from workshops import steps as room_steps
from workshops.models import Step

from . import improvements

room_steps.register(Step.IMPROVEMENTS, improvements)
