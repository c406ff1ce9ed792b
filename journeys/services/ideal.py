"""The ideal journey: a copy of the current journey that the team edits, with a target emotion per
touchpoint, and the health hints the app gives about it."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from workshops.limits import TITLE_MAX

from ..models import Journey
from . import check_may_edit, journey_copy
from .touchpoints import TARGET_ON_IDEAL_ONLY, lock_existing

# Thresholds of the health hints (see journey_health_hints).
MAX_FOCUSED_TOUCHPOINTS = 20
END_BELOW_PEAK = 3  # an end this many points (or more) below the highest target is "low"
FLAT_RANGE = 1  # targets that all lie within this range make a flat line
DROP_CANDIDATE_IMPORTANCE = 2  # with too many touchpoints, these and less important ones are named


def ideal_of(journey):
    """The ideal version of ``journey``, or None. One query."""
    return Journey.objects.filter(ideal_of=journey).first()


@transaction.atomic
def ideal_journey_create(*, journey, actor):
    """Copy ``journey`` into its ideal version, once. Returns (ideal, created).

    The current journey's row is locked first: a second request (a double click, two people at once)
    waits for the first to commit and then finds its ideal instead of copying again. The OneToOne
    ``ideal_of`` would refuse a second ideal anyway; the lock turns that refusal into the right answer.
    """
    if journey.ideal_of_id is not None:
        raise ValidationError(_("This is already an ideal journey."))
    check_may_edit(actor, journey=journey.pk)
    Journey.objects.select_for_update().filter(pk=journey.pk).values_list("pk", flat=True).get()
    existing = ideal_of(journey)
    if existing is not None:
        return existing, False
    title = _("%(title)s — ideal") % {"title": journey.title}
    return journey_copy(source=journey, title=title[:TITLE_MAX], ideal=True), True


@transaction.atomic
def touchpoint_set_target(*, touchpoint, target_emotion, actor):
    """Set (or clear, with None) how an ideal journey's touchpoint should feel, −5 to +5."""
    journey_is_ideal = Journey.objects.filter(stages=touchpoint.stage_id, ideal_of__isnull=False).exists()
    if not journey_is_ideal:
        raise ValidationError({"target_emotion": TARGET_ON_IDEAL_ONLY})
    check_may_edit(actor, stage=touchpoint.stage_id)
    lock_existing(touchpoint)
    touchpoint.target_emotion = target_emotion
    touchpoint.full_clean()
    touchpoint.save(update_fields=["target_emotion"])
    return touchpoint


# --- Health hints ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Hint:
    code: str
    message: str
    touchpoints: list = field(default_factory=list)


def journey_health_hints(touchpoints, current_stats):
    """What to reconsider in an ideal journey, as a list of Hints. No queries.

    ``touchpoints``: the ideal's touchpoints in journey order. ``current_stats``: {touchpoint id:
    EmotionStats} of the current journey's baseline, looked up through each touchpoint's ``source``.
    Peak–end rule: people remember a journey by its best moment and its end, not by its average.
    """
    hints = []
    targets = [touchpoint.target_emotion for touchpoint in touchpoints if touchpoint.target_emotion is not None]

    def current_mean(touchpoint):
        stats = current_stats.get(touchpoint.source_id) if touchpoint.source_id else None
        return stats.mean if stats else None

    negative_truths = [
        touchpoint for touchpoint in touchpoints
        if touchpoint.moment_of_truth and (
            (touchpoint.target_emotion is not None and touchpoint.target_emotion < 0)
            or (touchpoint.target_emotion is None and (current_mean(touchpoint) or 0) < 0)
        )
    ]
    if negative_truths:
        hints.append(Hint("negative_moment_of_truth", ngettext(
            "A moment of truth stays negative. Customers judge the whole journey by it: give it a positive target.",
            "Moments of truth stay negative. Customers judge the whole journey by them: give them a positive target.",
            len(negative_truths),
        ), negative_truths))

    last = touchpoints[-1] if touchpoints else None
    if last is not None and last.target_emotion is not None:
        peak = max((touchpoint for touchpoint in touchpoints if touchpoint.target_emotion is not None),
                   key=lambda touchpoint: touchpoint.target_emotion)
        if last.target_emotion <= 0:
            hints.append(Hint("ends_low", _(
                "The journey ends on a neutral or negative note. People remember the peak and the end: "
                "make the last touchpoint a good one."
            ), [last]))
        elif peak.target_emotion - last.target_emotion >= END_BELOW_PEAK:
            hints.append(Hint("ends_low", _(
                "The journey ends well below its best moment. People remember the peak and the end: "
                "lift the last touchpoint closer to the peak."
            ), [last, peak]))

    if len(touchpoints) >= 2 and len(targets) == len(touchpoints) and max(targets) - min(targets) <= FLAT_RANGE:
        hints.append(Hint("flat", _(
            "Every target is about the same: a flat line. People remember peaks, not averages — a gap between "
            "pain and pleasure is fine. Choose where to delight the customer."
        ), list(touchpoints)))

    if len(touchpoints) > MAX_FOCUSED_TOUCHPOINTS:
        hints.append(Hint("too_many", _(
            "The ideal journey has %(count)s touchpoints. More than %(max)s loses focus: merge or drop the "
            "least important ones."
        ) % {"count": len(touchpoints), "max": MAX_FOCUSED_TOUCHPOINTS}, [
            touchpoint for touchpoint in touchpoints
            if touchpoint.importance <= DROP_CANDIDATE_IMPORTANCE and not touchpoint.moment_of_truth
        ]))
    return hints
