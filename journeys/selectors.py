"""Reads for journeys, each a fixed number of queries whatever the journey's size."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Max, Min, Prefetch, Q, StdDev

from .models import EmotionRating, Measurement, MeasurementKind, Stage, Touchpoint


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


def scoring_measurement(journey):
    """The round the workshop room scores into: the open review's measurement while a review runs
    (``actions.Review`` with ``finished_at`` unset, at most one per journey), else the baseline.
    One query. The open review comes along as ``measurement.open_review`` (None for the baseline).

    Review rounds without a Review row (imported, or drawn in tests) count as finished."""
    open_review = Q(kind=MeasurementKind.REVIEW, review__isnull=False, review__finished_at__isnull=True)
    measurement = (
        Measurement.objects.filter(Q(kind=MeasurementKind.BASELINE) | open_review, journey=journey)
        .select_related("review")
        .order_by("-kind")  # "review" sorts after "baseline": an open review comes first
        .first()
    )
    if measurement is not None:
        measurement.open_review = measurement.review if measurement.kind == MeasurementKind.REVIEW else None
    return measurement


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
    return [(measurement, round_stats[measurement.pk]) for measurement in rounds]


def scores_by_participant(measurement):
    """{participant id: number of touchpoints scored} for one round. One query."""
    if measurement is None:
        return {}
    rows = EmotionRating.objects.filter(measurement=measurement).values("participant_id").annotate(n=Count("id"))
    return {row["participant_id"]: row["n"] for row in rows}
