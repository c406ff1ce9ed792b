"""The suggested impact of an improvement, from the size of the gap it closes: "suggested impact: 4 (from the
gap's size)" in step 7's form. ``suggested_impact`` is the pure rule; ``gap_facts`` reads what it needs, in a
fixed number of queries."""

from dataclasses import dataclass

from journeys.models import IMPORTANCE_MAX, Gap, Touchpoint
from journeys.selectors import baseline_measurement, emotion_stats

# --- The suggested impact: a pure rule ---------------------------------------------------------------------

# A gap's size is in emotion points weighted by importance (a touchpoint of importance 5 counts in full, one of
# importance 1 for a fifth). From these sizes on, the suggested impact is 2, 3, 4 and 5: a most important
# touchpoint five points below its target is a 5; one point below, at average importance, is a 1.
IMPACT_STEPS = (1.0, 2.0, 3.5, 5.0)


@dataclass(frozen=True)
class Shortfall:
    """One touchpoint of a gap: how it feels now (the baseline mean), how it should feel (the ideal's target)
    and how much it matters (importance 1–5). ``current`` or ``target`` is None when it is not known."""

    current: float | None
    target: int | None
    importance: int

    @property
    def weighted(self):
        """How far below its target it is (never below 0), weighted by importance; None when unknown."""
        if self.current is None or self.target is None:
            return None
        return max(0.0, self.target - self.current) * self.importance / IMPORTANCE_MAX


def gap_size(shortfalls):
    """The sum of the weighted shortfalls that are known, or None when none is: a gap spanning several
    touchpoints that all fall short is bigger than one of them."""
    known = [weighted for weighted in (shortfall.weighted for shortfall in shortfalls) if weighted is not None]
    return round(sum(known), 2) if known else None


def suggested_impact(shortfalls):
    """The impact (1–5) to suggest for an improvement that closes a gap with these ``shortfalls``, or None when
    the gap's size is unknown (no touchpoints, no ideal targets, no scores)."""
    size = gap_size(shortfalls)
    if size is None:
        return None
    return 1 + sum(size >= step for step in IMPACT_STEPS)


@dataclass(frozen=True)
class GapFacts:
    """What the improvement form needs to know of one gap."""

    shortfalls: tuple
    touchpoint_ids: tuple  # its touchpoints in the current journey, to tick in the form

    @property
    def size(self):
        return gap_size(self.shortfalls)

    @property
    def impact(self):
        return suggested_impact(self.shortfalls)


def gap_facts(journey):
    """{gap id: GapFacts} for every gap of ``journey``. Four queries: the gaps' touchpoints, the ideal's copies
    of them (their targets), the baseline and its emotion stats.

    For a touchpoint of the current journey: target = its ideal copy's target emotion (``Touchpoint.source``
    links the copy to it), current = its baseline mean. For a touchpoint new in the ideal (linked to gaps of
    origin "new"), nothing is there today: current = 0, the neutral middle of the scale.
    """
    links = list(
        Gap.touchpoints.through.objects.filter(gap__journey=journey)
        .values_list("gap_id", "touchpoint_id", "touchpoint__importance", "touchpoint__target_emotion",
                     "touchpoint__stage__journey_id")
        .order_by("gap_id", "touchpoint__stage__position", "touchpoint__position", "touchpoint_id")
    )
    targets = dict(
        Touchpoint.objects.filter(stage__journey__ideal_of=journey, source__stage__journey=journey)
        .values_list("source_id", "target_emotion")
    )
    stats = emotion_stats(baseline_measurement(journey))
    shortfalls, touchpoints = {}, {}
    for gap_id, touchpoint_id, importance, own_target, journey_id in links:
        if journey_id == journey.pk:
            now = stats.get(touchpoint_id)
            shortfall = Shortfall(current=now.mean if now else None, target=targets.get(touchpoint_id),
                                  importance=importance)
            touchpoints.setdefault(gap_id, []).append(touchpoint_id)
        else:
            shortfall = Shortfall(current=0, target=own_target, importance=importance)
        shortfalls.setdefault(gap_id, []).append(shortfall)
    return {
        gap_id: GapFacts(shortfalls=tuple(items), touchpoint_ids=tuple(touchpoints.get(gap_id, ())))
        for gap_id, items in shortfalls.items()
    }


NO_FACTS = GapFacts(shortfalls=(), touchpoint_ids=())
