"""Step 5, the ideal journey: the board of the ideal copy, each touchpoint with the current journey's
mean emotion (of the touchpoint it was copied from) next to its target, and the journey's health hints.

A fixed number of queries: the ideal (1), its board (2), the baseline (1) and its emotion stats (1).
"""

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from workshops.live import count_news

from ..forms.ideal import TargetEmotionForm
from ..selectors import baseline_measurement, emotion_stats, has_ideal_journey
from ..services.ideal import ideal_of, journey_health_hints
from .touchpoints import load_board

ROOM_TEMPLATE = "journeys/steps/ideal.html"
PROJECTOR_TEMPLATE = "journeys/projector/ideal.html"
LIVE = True  # watchers see the ideal journey change as the team edits it


def version(workshop):
    """Whether the ideal journey exists yet: participants who arrived before the facilitator copied it see it
    appear."""
    return str(int(has_ideal_journey(workshop.journey_id)))


def signed_number(value):
    """+2,5 / −1 / 0 in the active language, one decimal at most; the sign always shown."""
    value = round(value, 1)
    if value == 0:
        return "0"
    text = number_format(abs(value), 1 if value != int(value) else 0)
    return f"+{text}" if value > 0 else f"−{text}"


def load_ideal_board(room, ideal, *, editable):
    """The ideal's board, its touchpoints annotated with ``current`` (EmotionStats or None), the
    texts the cards show, ``target_form`` when editable, and ``has_hint``; ``board.hints`` filled."""
    board = load_board(ideal, editable=editable)
    stats = emotion_stats(baseline_measurement(room.workshop.journey))
    for touchpoint in board.touchpoints:
        touchpoint.current = stats.get(touchpoint.source_id) if touchpoint.source_id else None
        touchpoint.current_text = signed_number(touchpoint.current.mean) if touchpoint.current else ""
        touchpoint.target_text = (signed_number(touchpoint.target_emotion)
                                  if touchpoint.target_emotion is not None else "")
        touchpoint.difference = None
        if touchpoint.current and touchpoint.target_emotion is not None:
            touchpoint.difference = round(touchpoint.target_emotion - touchpoint.current.mean, 1)
        touchpoint.difference_text = signed_number(touchpoint.difference) if touchpoint.difference is not None else ""
        if editable:
            touchpoint.target_form = TargetEmotionForm(initial={"target_emotion": touchpoint.target_emotion},
                                                       auto_id=f"id_target{touchpoint.pk}_%s")
    board.hints = journey_health_hints(board.touchpoints, stats)
    hinted = {touchpoint.pk for hint in board.hints if hint.code != "flat" for touchpoint in hint.touchpoints}
    for touchpoint in board.touchpoints:
        touchpoint.has_hint = touchpoint.pk in hinted
    return board


def _context(room, *, editable):
    ideal = ideal_of(room.workshop.journey)
    return {"board": load_ideal_board(room, ideal, editable=editable) if ideal else None}


def room_context(room):
    return _context(room, editable=room.can_edit)


def projector_context(room):
    return _context(room, editable=False)


def live_count(context):
    """What a watcher's live board counts, to say what changed (``live_news``): the ideal's touchpoints."""
    return len(context["board"].touchpoints) if context["board"] else 0


def live_news(before, after):
    return count_news(
        before, after, changed=_("The ideal journey was changed."),
        added=lambda n: ngettext("%(count)d new touchpoint in the ideal journey.",
                                 "%(count)d new touchpoints in the ideal journey.", n),
        removed=lambda n: ngettext("%(count)d touchpoint removed from the ideal journey.",
                                   "%(count)d touchpoints removed from the ideal journey.", n),
    )
