"""Reads for journeys, each a fixed number of queries whatever the journey's size."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, IntegerField, Max, Min, OuterRef, Prefetch, Q, StdDev, Subquery

from workshops import access
from workshops.models import Membership, Participant, Role

from .models import EmotionRating, GapVote, Measurement, MeasurementKind, Stage, Touchpoint


def review_number(prefix=""):
    """An annotation: a review round's number among its journey's review rounds by date (1, 2, …), as the curve
    numbers them. ``prefix`` reaches the Measurement from another model ("measurement__" from a Review). One
    correlated subquery: no query of its own."""
    here = {name: OuterRef(f"{prefix}{name}") for name in ("journey", "taken_on", "pk")}
    up_to_here = Measurement.objects.filter(journey=here["journey"], kind=MeasurementKind.REVIEW).filter(
        Q(taken_on__lt=here["taken_on"]) | Q(taken_on=here["taken_on"], pk__lte=here["pk"]))
    counted = up_to_here.order_by().values("journey").annotate(n=Count("*")).values("n")[:1]
    return Subquery(counted, output_field=IntegerField())


def journey_stages(journey):
    """The stages in order, each with ``touchpoints`` in order. Two queries."""
    touchpoints = Touchpoint.objects.order_by("position", "pk")
    return list(
        Stage.objects.filter(journey=journey).order_by("position", "pk")
        .prefetch_related(Prefetch("touchpoints", queryset=touchpoints))
    )


def journey_touchpoints(stages):
    """All touchpoints of already-loaded ``stages``, in journey order (no query)."""
    return [touchpoint for stage in stages for touchpoint in stage.touchpoints.all()]


def baseline_measurement(journey):
    return Measurement.objects.filter(journey=journey, kind=MeasurementKind.BASELINE).first()


@dataclass(frozen=True)
class RoomRounds:
    """The rounds of a journey the workshop room deals with: ``scoring`` takes scores now (None: none does),
    ``shown`` is the one the room shows (the scoring round, else the baseline; None without a baseline)."""

    scoring: object
    shown: object

    @property
    def locked(self):
        """Whether the room shows a round that no longer takes scores (the baseline once a review started)."""
        return self.scoring is None and self.shown is not None


def room_rounds(journey):
    """Which round takes scores. Only the newest round ever does, while it is current: the baseline until the
    first quarterly review starts, then an open review's round (``actions.Review`` with ``finished_at`` unset,
    at most one per journey) until that review finishes; between reviews none does. So a round that a later
    one is compared with never changes afterwards. One query, whatever the number of rounds. The open
    review comes along as ``measurement.open_review`` (None for the baseline).

    Review rounds without a Review row (imported, or drawn in tests) count as finished."""
    open_review = Q(kind=MeasurementKind.REVIEW, review__isnull=False, review__finished_at__isnull=True)
    later_rounds = Measurement.objects.filter(journey=OuterRef("journey"), kind=MeasurementKind.REVIEW)
    rounds = list(
        Measurement.objects.filter(Q(kind=MeasurementKind.BASELINE) | open_review, journey=journey)
        .annotate(reviewed=Exists(later_rounds), round_number=review_number())
        .select_related("review")
    )  # the baseline and at most one open review's round
    baseline = next((m for m in rounds if m.kind == MeasurementKind.BASELINE), None)
    review = next((m for m in rounds if m.kind == MeasurementKind.REVIEW), None)
    for measurement in rounds:
        measurement.open_review = measurement.review if measurement is review else None
    if review is not None:
        return RoomRounds(scoring=review, shown=review)
    if baseline is not None and not baseline.reviewed:
        return RoomRounds(scoring=baseline, shown=baseline)
    return RoomRounds(scoring=None, shown=baseline)


def scoring_measurement(journey):
    """The round that takes scores now, or None (see ``room_rounds``). One query."""
    return room_rounds(journey).scoring


@dataclass(frozen=True)
class EmotionStats:
    count: int
    mean: float
    minimum: int
    maximum: int
    stdev: float

    @property
    def spread(self):
        return self.maximum - self.minimum


def emotion_stats(measurement):
    """{touchpoint id: EmotionStats} for one measurement round. One query.

    Standard deviation is the population one (every participant in the room is the population).
    """
    if measurement is None:
        return {}
    rows = (
        EmotionRating.objects.filter(measurement=measurement)
        .values("touchpoint_id")
        .annotate(count=Count("id"), mean=Avg("score"), minimum=Min("score"), maximum=Max("score"),
                  stdev=StdDev("score"))
    )
    return {
        row["touchpoint_id"]: EmotionStats(
            count=row["count"], mean=round(float(row["mean"]), 2), minimum=row["minimum"],
            maximum=row["maximum"], stdev=round(float(row["stdev"] or 0), 2),
        )
        for row in rows
    }


def review_rounds(journey):
    """[(Measurement, {touchpoint id: EmotionStats}), …] for every review round of ``journey``, oldest first.
    Two queries, whatever the number of rounds: the rounds, then all their statistics at once."""
    rounds = list(Measurement.objects.filter(journey=journey, kind=MeasurementKind.REVIEW).order_by("taken_on", "pk"))
    round_stats = {measurement.pk: {} for measurement in rounds}
    rows = (
        EmotionRating.objects.filter(measurement__journey=journey, measurement__kind=MeasurementKind.REVIEW)
        .values("measurement_id", "touchpoint_id")
        .annotate(count=Count("id"), mean=Avg("score"), minimum=Min("score"), maximum=Max("score"),
                  stdev=StdDev("score"))
        .order_by()
    )
    for row in rows:
        round_stats.setdefault(row["measurement_id"], {})[row["touchpoint_id"]] = EmotionStats(
            count=row["count"], mean=round(float(row["mean"]), 2), minimum=row["minimum"],
            maximum=row["maximum"], stdev=round(float(row["stdev"] or 0), 2),
        )
    for number, measurement in enumerate(rounds, start=1):
        measurement.round_number = number
    return [(measurement, round_stats[measurement.pk]) for measurement in rounds]


def scores_by_participant(measurement):
    """{participant id: number of touchpoints scored} for one round. One query."""
    if measurement is None:
        return {}
    rows = EmotionRating.objects.filter(measurement=measurement).values("participant_id").annotate(n=Count("id"))
    return {row["participant_id"]: row["n"] for row in rows}


LEADING_ROLES = [role for role in Role.values if access.role_allows(role, access.FACILITATE)]


def taking_part(workshop):
    """The participants who take part in ``workshop``: the ones every count of people in the room is about —
    "4 of 5 done" and the scorers on the projector, "0 of 5 participants have voted", the report's cover.
    A QuerySet (one query wherever it is counted or listed, whatever the size of the room).

    Everyone in the room takes part, except the people who lead it until they contribute. Opening the room
    makes every member a participant, the facilitator too, who opens it to run it; so a participant whose user
    may run the workshop (the team's facilitators and owners) counts only once they scored a touchpoint (in any
    round) or placed a dot. Those two are each person's own judgement; notes, gaps and improvements are also
    written by a facilitator taking notes for the room, so they do not make the one who leads a participant.
    Guests and members count from the moment they join: "0 of 4 have voted" is true before the first dot.
    """
    leads = Membership.objects.filter(team_id=workshop.team_id, user_id=OuterRef("user_id"), role__in=LEADING_ROLES)
    contributed = (Exists(EmotionRating.objects.filter(participant=OuterRef("pk")))
                   | Exists(GapVote.objects.filter(participant=OuterRef("pk"))))
    return Participant.objects.filter(~Exists(leads) | contributed, workshop=workshop)
