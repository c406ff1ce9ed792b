"""Step 6, gaps: suggestions from the ideal journey and the thorns, problem statements, dot voting.

This step shapes what journeys.selectors reads (``gap_suggestions``, ``ranked_gaps``): each is a fixed number
of queries whatever the number of stages, touchpoints, gaps and participants.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from workshops.forms import int_or_none

from ..forms.gaps import GapForm, VotesPerParticipantForm
from ..models import GapOrigin, Note, Touchpoint
from ..selectors import (
    baseline_measurement,
    emotion_stats,
    gap_origins_used,
    gaps_by_dots,
    ideal_journey,
    ideal_touchpoint,
    ideal_touchpoints_with_sources,
    journey_stages,
    thorn_of,
    thorns_in_journey_order,
    voting_summary,
)
from ..services.gaps import looks_like_solution

ROOM_TEMPLATE = "journeys/steps/gaps.html"
PROJECTOR_TEMPLATE = "journeys/projector/gaps.html"

# A touchpoint whose target emotion lies this far (or further) above how it feels now is a gap.
DELTA_THRESHOLD = 2
PROJECTOR_TOP = 10  # the projector shows the leaders; the full list is on everyone's own screen
PROJECTOR_MAX_DOTS = 20  # up to this many dots on the leading gap, dots are drawn one by one; beyond, bars


@dataclass
class Suggestion:
    """Something that points at a gap. ``touchpoint`` is what it is about: for "new" the ideal's touchpoint."""

    origin: str
    touchpoint: Touchpoint
    used: bool = False
    current: float | None = None  # mean score now (delta)
    current_count: int = 0  # the number of scores that mean rests on
    target: int | None = None  # target emotion in the ideal (delta)
    note: Note | None = None  # the thorn
    current_name: str = ""  # the current touchpoint's name when the ideal renamed it (delta)

    @property
    def delta(self):
        return round(self.target - self.current, 2) if self.current is not None else None

    @property
    def current_display(self):
        return signed(self.current, 1)

    @property
    def target_display(self):
        return signed(self.target, 0)

    @property
    def delta_display(self):
        return signed(self.delta, 1)

    @property
    def importance(self):
        return self.touchpoint.importance

    @property
    def weight(self):
        """Delta weighted by importance: what the list of deltas is sorted by."""
        return (self.delta or 0) * self.importance

    @property
    def query(self):
        """The query string of "Write as a gap" (see ``suggestion_initial``)."""
        params = {"origin": self.origin}
        if self.origin == GapOrigin.THORN:
            params["note"] = self.note.pk
        else:
            params["touchpoint"] = self.touchpoint.pk
        return urlencode(params)


def signed(value, decimals):
    """+1,5 / −2 / 0 in the active language's number format (a real minus sign, readable on a projector)."""
    if value is None:
        return ""
    text = number_format(abs(value), decimals)
    return f"+{text}" if value > 0 else f"−{text}" if value < 0 else text


def gap_suggestions(journey):
    """Deltas, touchpoints new in the ideal, and thorns, each marked ``used`` once a gap was written from it.

    Six queries: the ideal journey, its touchpoints, the baseline, its emotion stats, the thorns, and
    which (origin, touchpoint) pairs the journey's gaps already cover. Used means: a gap with the same
    origin linked to the same touchpoint (for "new", the ideal's touchpoint, linked by ``gap_create``).
    """
    ideal = ideal_journey(journey)
    ideal_touchpoints = ideal_touchpoints_with_sources(journey)
    stats = emotion_stats(baseline_measurement(journey))
    thorns = thorns_in_journey_order(journey)
    used = gap_origins_used(journey)

    deltas, new = [], []
    for touchpoint in ideal_touchpoints:
        if touchpoint.source_id is None:
            new.append(Suggestion(GapOrigin.NEW, touchpoint, target=touchpoint.target_emotion,
                                  used=(GapOrigin.NEW, touchpoint.pk) in used))
            continue
        now = stats.get(touchpoint.source_id)
        if touchpoint.target_emotion is None or now is None:
            continue
        suggestion = Suggestion(
            GapOrigin.DELTA, touchpoint, current=now.mean, current_count=now.count, target=touchpoint.target_emotion,
            used=(GapOrigin.DELTA, touchpoint.source_id) in used,
            current_name=touchpoint.source.name if touchpoint.source.name != touchpoint.name else "",
        )
        if suggestion.delta >= DELTA_THRESHOLD:
            deltas.append(suggestion)
    deltas.sort(key=lambda suggestion: -suggestion.weight)  # stable: journey order among equal weights
    thorn_suggestions = [
        Suggestion(GapOrigin.THORN, note.touchpoint, note=note, used=(GapOrigin.THORN, note.touchpoint_id) in used)
        for note in thorns
    ]
    return {
        "has_ideal": ideal is not None,
        "deltas": deltas,
        "new": new,
        "thorns": thorn_suggestions,
        "count": len(deltas) + len(new) + len(thorn_suggestions),
        "open_count": sum(not s.used for s in deltas + new + thorn_suggestions),
    }


def suggestion_initial(journey, params):
    """Initial data of the gap form for "Write as a gap": origin, touchpoints and a description to start from.

    The problem itself stays empty: wording it as a problem is the team's work. Unknown or foreign ids
    give an empty form of that origin, never an error.
    """
    origin = params.get("origin")
    if origin not in (GapOrigin.DELTA, GapOrigin.NEW, GapOrigin.THORN):
        return {}
    initial = {"origin": origin}
    if origin == GapOrigin.THORN:
        note = thorn_of(journey, int_or_none(params.get("note")))
        if note is not None:
            initial["touchpoints"] = [note.touchpoint_id]
            initial["description"] = _("Thorn at “%(touchpoint)s”: “%(text)s”") % {
                "touchpoint": note.touchpoint.name, "text": note.text}
        return initial
    touchpoint = ideal_touchpoint(journey, int_or_none(params.get("touchpoint")))
    if touchpoint is None:
        return initial
    if origin == GapOrigin.NEW and touchpoint.source_id is None:
        initial["ideal_touchpoint"] = touchpoint.pk
        initial["description"] = _("New in the ideal journey: “%(touchpoint)s” (%(stage)s).") % {
            "touchpoint": touchpoint.name, "stage": touchpoint.stage.name}
    elif origin == GapOrigin.DELTA and touchpoint.source and touchpoint.source.stage.journey_id == journey.pk:
        stats = emotion_stats(baseline_measurement(journey)).get(touchpoint.source_id)
        initial["touchpoints"] = [touchpoint.source_id]
        if stats is not None and touchpoint.target_emotion is not None:
            initial["description"] = _(
                "“%(touchpoint)s” feels %(current)s now; the ideal journey aims at %(target)s."
            ) % {"touchpoint": touchpoint.source.name, "current": signed(stats.mean, 1),
                 "target": signed(touchpoint.target_emotion, 0)}
    return initial


def ranked_gaps(journey, *, participant=None, with_touchpoints=True, pk=None):
    """The journey's gaps, most dots first (ties: the earlier gap first), each with ``total`` dots and
    ``mine`` (``participant``'s dots on it), and whether it ``reads_like_solution``. One query, two with the
    touchpoints. ``pk``: only that gap."""
    gaps = gaps_by_dots(journey, participant=participant, with_touchpoints=with_touchpoints, pk=pk)
    for gap in gaps:
        gap.reads_like_solution = looks_like_solution(gap.problem)
    return gaps


def vote_announcement(gap, dots, *, added):
    """What a screen reader says after a dot was placed or taken back: on which gap, and how many are left."""
    done = (_("Dot placed on “%(problem)s”.") if added else _("Dot taken back from “%(problem)s”.")) % {
        "problem": gap.problem}
    left = ngettext("%(left)s of %(limit)s dot left.", "%(left)s of %(limit)s dots left.", dots["limit"]) % {
        "left": dots["left"], "limit": dots["limit"]}
    return f"{done} {left}"


def dots_state(room, gaps=None, *, used=None):
    """What the participant in ``room`` has left to spread: from the already-loaded ``gaps``, or ``used``.

    A facilitator may lower the number of dots after people voted: their dots stay, none are left.
    """
    limit = room.workshop.votes_per_participant
    used = sum(gap.mine for gap in gaps) if used is None else used
    left = max(0, limit - used)
    can_vote = room.can_rate and room.participant is not None and room.workshop.is_open
    return {"limit": limit, "used": used, "left": left, "can_vote": can_vote,
            "left_range": range(left), "used_range": range(min(used, limit))}


def room_context(room):
    workshop = room.workshop
    journey = workshop.journey
    gaps = ranked_gaps(journey, participant=room.participant)
    context = {
        "gaps": gaps,
        "dots": dots_state(room, gaps),
        "voting": voting_summary(workshop),
        "editing": None,  # the gap whose form is open; the views of this step set it
    }
    if room.can_edit:
        context["gap_form"] = GapForm(stages=journey_stages(journey), journey=journey,
                                      hint_url=reverse("journeys:gap_hint", args=[workshop.pk]))
        context["suggestions"] = gap_suggestions(journey)
    if room.can_run:
        context["votes_form"] = VotesPerParticipantForm(
            initial={"votes_per_participant": workshop.votes_per_participant})
    return context


def projector_context(room):
    workshop = room.workshop
    gaps = ranked_gaps(workshop.journey, with_touchpoints=False)
    top = gaps[:PROJECTOR_TOP]
    leading = top[0].total if top else 0
    for gap in top:
        gap.bar_percent = round(gap.total * 100 / leading) if leading else 0
        gap.dot_range = range(gap.total)
    return {
        "gaps": top,
        "more_gaps": len(gaps) - len(top),
        "gap_count": len(gaps),
        "dots_as_bars": leading > PROJECTOR_MAX_DOTS,
        "voting": voting_summary(workshop),
        "total_dots": sum(gap.total for gap in gaps),
    }
