"""Step 7, improvements: ideas per gap, placed on the impact/effort matrix, each with an owner and a deadline.

This step shapes what the selectors read (``actions.selectors``, ``journeys.selectors``). Each page is a fixed
number of queries whatever the number of gaps, touchpoints, improvements and people (explicit queries rather
than prefetches, so an empty journey asks the same questions as a full one).
The impact it suggests for an idea comes from ``actions.suggestion``.

The room draws this step from here: ``actions.apps`` registers it with ``workshops.steps``.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from journeys.selectors import journey_metrics, journey_stages
from journeys.steps.gaps import ranked_gaps
from workshops.live import count_news

from ..forms.improvements import ImprovementForm
from ..matrix import QUADRANT_ORDER
from ..matrix_picture import impact_effort_matrix
from ..models import Status
from ..selectors import describe_missing_for_close, journey_improvements
from ..services.plan import eligible_owners
from ..suggestion import gap_facts

ROOM_TEMPLATE = "actions/step/improvements.html"
PROJECTOR_TEMPLATE = "actions/step/projector.html"
LIVE = True  # watchers see the improvements appear on the matrix as the team adds them



# --- The improvements and the matrix -----------------------------------------------------------------------

@dataclass(frozen=True)
class MatrixEntry:
    """An improvement as the matrix draws it; ``movable`` marks it draggable on the room page."""

    id: int
    label: str
    impact: int
    effort: int
    movable: bool = False


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


def improvement_form_kwargs(journey):
    """The choices of the improvement form. Eight queries: ranked gaps, their facts (four), stages and their
    touchpoints, the KPI suggestions."""
    return {
        "gaps": ranked_gaps(journey, with_touchpoints=False),
        "facts": gap_facts(journey),
        "stages": journey_stages(journey),
        "kpis": journey_metrics(journey),
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
