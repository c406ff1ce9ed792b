"""Reads of the follow-up pages: my improvements, the team action plan and the calendar feed (their deadlines
in words are shaped in ``actions.deadlines``).

Each list is one query whatever its length (related rows joined, touchpoints prefetched when asked for),
so the pages cost the same for a team with three improvements as for one with three hundred.
"""

from dataclasses import dataclass

from django.db.models import Case, CharField, Count, F, IntegerField, Prefetch, Q, Value, When, Window
from django.db.models.functions import Lower, RowNumber
from django.utils import timezone

from journeys.models import Journey, Touchpoint
from workshops.access import teams_for

from ..deadlines import DUE_SOON_DAYS, today, with_due
from ..models import CalendarFeed, Improvement, ReviewCycle, Status
from . import in_quadrant

STATUS_ORDER = [Status.PROPOSED, Status.PLANNED, Status.IN_PROGRESS, Status.DONE, Status.DROPPED]


# --- My improvements ---------------------------------------------------------------------------------

def owned_by(user):
    """The improvements ``user`` owns in the teams they are (still) a member of — one query."""
    return (
        Improvement.objects.filter(owner=user, journey__team__in=teams_for(user).values("pk"))
        .select_related("journey__team")
    )


CLOSED_SHOWN = 20  # the finished ones pile up over the years; the rest are in the teams' action plans
OPEN_SHOWN = 25  # per open group, the most pressing first: the page stays as fast for 3 or 300 (and readable)


@dataclass(frozen=True)
class MyGroup:
    """One group of My improvements: ``key`` (overdue, soon, a status or closed), the ``items`` shown — at most
    OPEN_SHOWN (CLOSED_SHOWN for closed) — and how many there are in all."""

    key: str
    items: list
    total: int

    @property
    def more(self):
        return self.total - len(self.items)

    @property
    def plan_status(self):
        """The action plan's status filter that lists this group's improvements (among others)."""
        return {"overdue": OPEN, "soon": OPEN, "closed": ""}.get(self.key, self.key)


@dataclass
class MyImprovements:
    overdue: MyGroup
    due_soon: MyGroup
    by_status: list  # [(Status, MyGroup)] for the open ones not in the two groups above, in status order
    closed: MyGroup  # done and dropped, the most recently changed first

    @property
    def open_count(self):
        return self.overdue.total + self.due_soon.total + sum(group.total for _status, group in self.by_status)


def _group_of(on):
    """The group an improvement falls in on the date ``on``, as an SQL expression (the same rule as ``due``)."""
    soon_until = on + timezone.timedelta(days=DUE_SOON_DAYS)
    return Case(
        When(~Q(status__in=Status.open_values()), then=Value("closed")),
        When(deadline__lt=on, then=Value("overdue")),
        When(deadline__lte=soon_until, then=Value("soon")),
        default=F("status"),
        output_field=CharField(),
    )


def my_improvements(user, *, on=None):
    """``user``'s improvements across all their teams, grouped for the My improvements page: overdue, due
    soon, the other open ones by status (each the OPEN_SHOWN most pressing, by deadline) and the CLOSED_SHOWN
    most recently changed done or dropped ones, each with its total. Three queries whatever their number: the
    totals, the open rows shown, the closed rows shown."""
    on = on or today()
    owned = owned_by(user).alias(group=_group_of(on))
    keys = ["overdue", "soon", *Status.open_values(), "closed"]
    totals = owned.aggregate(**{f"n_{key}": Count("pk", filter=Q(group=key)) for key in keys})
    totals = {key: totals[f"n_{key}"] for key in keys}
    pressing = [F("deadline").asc(nulls_last=True), Lower("title"), "pk"]
    shown = {key: [] for key in keys}
    rows = (
        owned.exclude(group="closed")
        .annotate(shown_group=F("group"), rank=Window(RowNumber(), partition_by=[F("group")], order_by=pressing))
        .filter(rank__lte=OPEN_SHOWN).order_by(*pressing)
    )
    for improvement in with_due(rows, on=on):
        shown[improvement.shown_group].append(improvement)
    shown["closed"] = with_due(owned.filter(group="closed").order_by("-updated_at", "-pk")[:CLOSED_SHOWN], on=on)
    groups = {key: MyGroup(key, shown[key], totals[key]) for key in keys}
    return MyImprovements(
        overdue=groups["overdue"], due_soon=groups["soon"], closed=groups["closed"],
        by_status=[(Status(key), groups[key]) for key in Status.open_values() if totals[key]],
    )


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


# --- The improvement page --------------------------------------------------------------------------

def improvements_for_page():
    """Improvements with what their page shows of the journey (team, workshop), gap, owner and author: a QuerySet
    for ``workshops.access.get_for_user``."""
    return Improvement.objects.select_related("journey__team", "journey__workshop", "gap", "owner", "created_by")


def improvement_touchpoints(improvement):
    """The touchpoints ``improvement`` is linked to, with their stage, in journey order. A QuerySet."""
    return (
        Touchpoint.objects.filter(improvements=improvement).select_related("stage")
        .order_by("stage__position", "position", "pk")
    )


def improvement_history(improvement):
    """``improvement``'s status changes, newest first, with who made them and in which review. A QuerySet."""
    return improvement.status_changes.select_related("changed_by", "review").order_by("-changed_at", "-pk")


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


def calendar_feed_of(user):
    """``user``'s calendar feed, or None. One query."""
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_at(token):
    """The calendar feed with the secret ``token`` of an active user, with that user, or None. One query."""
    return CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
