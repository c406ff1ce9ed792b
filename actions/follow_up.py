"""Reads of the follow-up pages: my improvements, the team action plan and the calendar feed, and a
deadline in words ("in 3 days", "2 days overdue").

Each list is one query whatever its length (related rows joined, touchpoints prefetched when asked for),
so the pages cost the same for a team with three improvements as for one with three hundred.
"""

from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Prefetch, Value, When
from django.db.models.functions import Lower
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from journeys.models import Journey, Touchpoint
from workshops.access import teams_for

from .models import Improvement, ReviewCycle, Status
from .selectors import in_quadrant

DUE_SOON_DAYS = 14  # "due soon" on My improvements: within two weeks
STATUS_ORDER = [Status.PROPOSED, Status.PLANNED, Status.IN_PROGRESS, Status.DONE, Status.DROPPED]


def today():
    return timezone.localdate()


# --- Deadlines in words ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Due:
    """How an improvement's deadline stands: ``kind`` is overdue, today, soon (within DUE_SOON_DAYS), later,
    none (no deadline) or closed (done or dropped: the date no longer presses)."""

    kind: str
    days: int | None
    text: str
    date: str


def _distance(days):
    """A number of days as a count of days, weeks or months, the way people say it."""
    if days < 14:
        return "days", days
    if days < 60:
        return "weeks", days // 7
    return "months", days // 30


def _in_words(days):
    unit, count = _distance(abs(days))
    if days > 0:
        text = {
            "days": ngettext("in %(count)s day", "in %(count)s days", count),
            "weeks": ngettext("in %(count)s week", "in %(count)s weeks", count),
            "months": ngettext("in %(count)s month", "in %(count)s months", count),
        }[unit]
    else:
        text = {
            "days": ngettext("%(count)s day overdue", "%(count)s days overdue", count),
            "weeks": ngettext("%(count)s week overdue", "%(count)s weeks overdue", count),
            "months": ngettext("%(count)s month overdue", "%(count)s months overdue", count),
        }[unit]
    return text % {"count": count}


def due(improvement, *, on):
    """The Due of ``improvement``'s deadline as seen ``on`` a date (in the active language)."""
    deadline = improvement.deadline
    if deadline is None:
        return Due("none", None, _("no deadline"), "")
    date = formats.date_format(deadline, "j M Y")
    days = (deadline - on).days
    if not improvement.is_open:
        return Due("closed", days, date, date)
    if days == 0:
        return Due("today", 0, _("today"), date)
    if days == 1:
        return Due("soon", 1, _("tomorrow"), date)
    if days < 0:
        return Due("overdue", days, _in_words(days), date)
    return Due("soon" if days <= DUE_SOON_DAYS else "later", days, _in_words(days), date)


def with_due(improvements, *, on=None):
    """``improvements`` as a list, each with its ``due``."""
    on = on or today()
    improvements = list(improvements)
    for improvement in improvements:
        improvement.due = due(improvement, on=on)
    return improvements


# --- My improvements ---------------------------------------------------------------------------------

def owned_by(user):
    """The improvements ``user`` owns in the teams they are (still) a member of — one query."""
    return (
        Improvement.objects.filter(owner=user, journey__team__in=teams_for(user).values("pk"))
        .select_related("journey__team")
    )


CLOSED_SHOWN = 20  # the finished ones pile up over the years; the rest are in the teams' action plans


@dataclass
class MyImprovements:
    overdue: list
    due_soon: list
    by_status: list  # [(Status, [improvements])] for the open ones not in the two lists above
    closed: list  # done and dropped, the most recently changed first: at most CLOSED_SHOWN of them
    closed_total: int = 0

    @property
    def open_count(self):
        return len(self.overdue) + len(self.due_soon) + sum(len(items) for _status, items in self.by_status)


def my_improvements(user, *, on=None):
    """``user``'s improvements across all their teams, grouped for the My improvements page."""
    on = on or today()
    improvements = with_due(
        owned_by(user).order_by(F("deadline").asc(nulls_last=True), Lower("title"), "pk"), on=on)
    overdue, due_soon, closed = [], [], []
    rest = {status: [] for status in Status.open_values()}
    for improvement in improvements:
        if not improvement.is_open:
            closed.append(improvement)
        elif improvement.due.kind == "overdue":
            overdue.append(improvement)
        elif improvement.due.kind in ("today", "soon"):
            due_soon.append(improvement)
        else:
            rest[improvement.status].append(improvement)
    closed.sort(key=lambda improvement: improvement.updated_at, reverse=True)
    by_status = [(Status(status), items) for status, items in rest.items() if items]
    return MyImprovements(overdue=overdue, due_soon=due_soon, by_status=by_status, closed=closed[:CLOSED_SHOWN],
                          closed_total=len(closed))


# --- The team action plan ----------------------------------------------------------------------------

OPEN = "open"  # the status filter's "not done or dropped"
NO_OWNER = "none"  # the owner filter's "nobody yet"
ASC, DESC = "asc", "desc"
SORT_KEYS = ("deadline", "title", "impact", "effort", "status", "owner")
# The direction a column sorts in when first clicked: what people look for first.
DEFAULT_ORDER = {"deadline": ASC, "title": ASC, "impact": DESC, "effort": ASC, "status": ASC, "owner": ASC}

_STATUS_RANK = Case(*(When(status=status, then=Value(rank)) for rank, status in enumerate(STATUS_ORDER)),
                    output_field=IntegerField())


def _ordering(sort, order):
    """ORDER BY for a column. Empty values (no deadline, no owner) come last both ways; ties by deadline, then
    by id, so the order is stable from page to export."""
    descending = order == DESC
    expression = {
        "deadline": F("deadline"),
        "title": Lower("title"),
        "impact": F("impact"),
        "effort": F("effort"),
        "status": _STATUS_RANK,
        "owner": Lower("owner__name"),
    }[sort]
    first = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    return [first, F("deadline").asc(nulls_last=True), "pk"]


def team_journeys(team):
    """The team's current journeys (not their ideal versions), for the journey filter."""
    return Journey.objects.filter(team=team, ideal_of__isnull=True).order_by(Lower("title"), "pk")


def action_plan(team, *, status="", quadrant="", owner="", journey=None, sort="deadline", order=ASC,
                with_touchpoints=False):
    """The team's improvements, filtered and sorted — one query (two ``with_touchpoints``, for the export).

    ``status`` is a Status, OPEN or empty; ``quadrant`` a Quadrant or empty; ``owner`` a user, NO_OWNER or
    empty; ``journey`` one of the team's journeys or None.
    """
    improvements = Improvement.objects.filter(journey__team=team).select_related("journey", "gap", "owner")
    if status == OPEN:
        improvements = improvements.filter(status__in=Status.open_values())
    elif status:
        improvements = improvements.filter(status=status)
    if quadrant:
        improvements = improvements.filter(in_quadrant(quadrant))
    if owner == NO_OWNER:
        improvements = improvements.filter(owner__isnull=True)
    elif owner:
        improvements = improvements.filter(owner=owner)
    if journey is not None:
        improvements = improvements.filter(journey=journey)
    if with_touchpoints:
        improvements = improvements.prefetch_related(
            Prefetch("touchpoints", queryset=Touchpoint.objects.select_related("stage")))
    return improvements.order_by(*_ordering(sort, order))


# --- The calendar feed -------------------------------------------------------------------------------

def feed_deadlines(user):
    """The open improvements ``user`` owns that have a deadline, in teams they are in."""
    return (
        owned_by(user).filter(status__in=Status.open_values(), deadline__isnull=False)
        .select_related("journey__workshop").order_by("deadline", "pk")
    )


def feed_reviews(user):
    """The review cycles of the journeys of ``user``'s teams."""
    return (
        ReviewCycle.objects.filter(journey__team__in=teams_for(user).values("pk"))
        .select_related("journey__team", "journey__workshop").order_by("next_due", "pk")
    )
