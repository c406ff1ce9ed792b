"""Step 7, improvements: ideas per gap, placed on the impact/effort matrix, each with an owner and a deadline.

The reads of this step live here. Each is a fixed number of queries whatever the number of gaps, touchpoints,
improvements and people (explicit queries rather than prefetches, so an empty journey asks the same questions
as a full one). ``suggested_impact`` is the pure rule behind "suggested impact: 4 (from the gap's size)".
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from actions.forms.improvements import ImprovementForm
from actions.matrix import QUADRANT_ORDER
from actions.matrix_picture import impact_effort_matrix
from actions.models import Improvement, Status
from actions.selectors import describe_missing_for_close
from actions.services.plan import eligible_owners

from ..models import IMPORTANCE_MAX, Evidence, EvidenceKind, Gap, Touchpoint
from ..selectors import baseline_measurement, emotion_stats, journey_stages
from .gaps import ranked_gaps
from .live import count_news

ROOM_TEMPLATE = "journeys/steps/improvements.html"
PROJECTOR_TEMPLATE = "journeys/projector/improvements.html"

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


# --- The improvements and the matrix -----------------------------------------------------------------------

@dataclass(frozen=True)
class MatrixEntry:
    """An improvement as the matrix draws it; ``movable`` marks it draggable on the room page."""

    id: int
    label: str
    impact: int
    effort: int
    movable: bool = False


def journey_improvements(journey, *, with_touchpoints=True):
    """The journey's improvements in the order they were proposed, each with its ``gap`` and ``owner``, and
    ``touchpoint_list`` (in journey order) when asked. One query, two with the touchpoints."""
    improvements = list(
        Improvement.objects.filter(journey=journey).select_related("gap", "owner").order_by("created_at", "pk")
    )
    if with_touchpoints:
        by_improvement = {}
        links = (
            Improvement.touchpoints.through.objects.filter(improvement__journey=journey)
            .select_related("touchpoint")
            .order_by("touchpoint__stage__position", "touchpoint__position", "touchpoint_id")
        )
        for link in links:
            by_improvement.setdefault(link.improvement_id, []).append(link.touchpoint)
        for improvement in improvements:
            improvement.touchpoint_list = by_improvement.get(improvement.pk, [])
    return improvements


def on_the_matrix(improvements):
    """The improvements the matrix shows (every one but the dropped), numbered 1, 2, … as the matrix numbers
    them; the dropped ones get no number."""
    shown = [improvement for improvement in improvements if improvement.status != Status.DROPPED]
    for number, improvement in enumerate(shown, start=1):
        improvement.number = number
    for improvement in improvements:
        if improvement.status == Status.DROPPED:
            improvement.number = None
    return shown


def matrix_picture(workshop, shown, *, movable=False):
    entries = [MatrixEntry(id=item.pk, label=item.title, impact=item.impact, effort=item.effort, movable=movable)
               for item in shown]
    return impact_effort_matrix(entries, title=workshop.title, dom_id="improvements-matrix", with_legend=False)


def by_quadrant(shown):
    """[(Quadrant, [improvement, …]), …] in the order quick wins, major projects, fill-ins, thankless tasks."""
    groups = {which: [] for which in QUADRANT_ORDER}
    for improvement in shown:
        groups[improvement.quadrant].append(improvement)
    return list(groups.items())


def close_state(workshop, improvements):
    """Whether the facilitator may close the workshop now, and what is missing if not. No query."""
    missing = [item for item in improvements if item.missing_for_plan]
    return {
        # Closed and not reopened (a review reopens the room for scoring but leaves the closing date).
        "closed": workshop.closed_at is not None and not workshop.is_open,
        "missing": missing,
        "missing_text": describe_missing_for_close(missing),
        "planned_count": sum(item.status in Status.committed_values() for item in improvements),
    }


def board_context(room):
    """The matrix, the improvements by quadrant and (for facilitators) the close panel.

    Two queries (improvements, their touchpoints); three for people who edit (the team's possible owners).
    """
    workshop = room.workshop
    improvements = journey_improvements(workshop.journey)
    shown = on_the_matrix(improvements)
    editable = room.can_edit
    context = {
        "improvements": improvements,
        "matrix": matrix_picture(workshop, shown, movable=editable),
        "groups": by_quadrant(shown),
        "dropped": [item for item in improvements if item.status == Status.DROPPED],
        "improvement_count": len(shown),
        "board_editable": editable,
    }
    if editable:
        context["owners"] = list(eligible_owners(workshop.team))
        context["owner_ids"] = {membership.user_id for membership in context["owners"]}
    if room.can_run:
        context["close"] = close_state(workshop, improvements)
    return context


def kpi_suggestions(journey):
    """The journey's figures (from the data step), offered as KPIs to move. One query."""
    return list(
        Evidence.objects.filter(journey=journey, kind=EvidenceKind.QUANTITATIVE).exclude(metric="")
        .order_by("metric").values_list("metric", flat=True).distinct()
    )


def improvement_form_kwargs(journey):
    """The choices of the improvement form. Eight queries: ranked gaps, their facts (four), stages and their
    touchpoints, the KPI suggestions."""
    return {
        "gaps": ranked_gaps(journey, with_touchpoints=False),
        "facts": gap_facts(journey),
        "stages": journey_stages(journey),
        "kpis": kpi_suggestions(journey),
    }


def room_context(room):
    context = board_context(room)
    if room.can_edit:
        context["improvement_form"] = ImprovementForm(**improvement_form_kwargs(room.workshop.journey))
        context["editing"] = None  # the improvement whose form is open; the views of this step set it
    return context


def projector_context(room):
    """The big matrix and the improvements by quadrant, with owner, deadline and status. One query."""
    workshop = room.workshop
    improvements = journey_improvements(workshop.journey, with_touchpoints=False)
    shown = on_the_matrix(improvements)
    return {
        "matrix": matrix_picture(workshop, shown),
        "groups": by_quadrant(shown),
        "improvement_count": len(shown),
        "planned_count": sum(item.status in Status.committed_values() for item in shown),
    }


def live_count(context):
    """What a watcher's live board counts, to say what changed (``live_news``): the improvements."""
    return len(context["improvements"])


def live_news(before, after):
    return count_news(
        before, after, changed=_("The improvements were changed."),
        added=lambda n: ngettext("%(count)d new improvement.", "%(count)d new improvements.", n),
        removed=lambda n: ngettext("%(count)d improvement removed.", "%(count)d improvements removed.", n),
    )
