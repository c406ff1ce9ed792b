"""Reads of the quarterly review pages (the writes are in ``services.reviews``).

Each read is a fixed number of queries, whatever the number of reviews, improvements, touchpoints or people:
the pages' query counts are pinned in tests/actions/test_reviews_pages.py.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from journeys.models import EmotionRating
from journeys.numbers import signed
from workshops.models import Participant

from .models import Improvement, Review, ReviewCycle, Status, StatusChange

# A difference in means smaller than this reads as "unchanged" (the table shows one decimal).
UNCHANGED_BELOW = 0.05


def review_cycle(journey):
    """The journey's review cycle, or None when no review has been planned yet. One query."""
    return ReviewCycle.objects.filter(journey=journey).first()


def _count(queryset, group, aggregate=None):
    """A correlated subquery: the rows of ``queryset`` (filtered on an OuterRef, grouped by ``group``), or
    ``aggregate`` over them. A number per review without joining every rating, change and walked improvement
    into one multiplied result."""
    counted = queryset.order_by().values(group).annotate(n=aggregate or Count("*")).values("n")
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), 0)


def reviews_of(journey):
    """Every review of ``journey``, newest first, each with ``people`` (who scored in its round), ``scores``,
    ``walked_count`` and ``change_count``. One query (correlated counts, no multiplying joins)."""
    ratings = EmotionRating.objects.filter(measurement=OuterRef("measurement"))
    return list(
        Review.objects.filter(journey=journey).select_related("measurement", "started_by")
        .annotate(
            people=_count(ratings, "measurement", Count("participant", distinct=True)),
            scores=_count(ratings, "measurement"),
            walked_count=_count(Review.walked.through.objects.filter(review=OuterRef("pk")), "review"),
            change_count=_count(StatusChange.objects.filter(review=OuterRef("pk")), "review"),
        )
        .order_by("-held_on", "-pk")
    )


@dataclass
class RoundProgress:
    """How far a review round is: ``people`` who scored, ``scores`` given, ``touchpoints`` with at least one
    score out of ``total``, and the ``scorers`` (participants with their number of scores)."""

    people: int
    scores: int
    touchpoints: int
    total: int
    scorers: list

    @property
    def all_scored(self):
        return self.total > 0 and self.touchpoints >= self.total


def round_progress(review, total):
    """Two queries: the round's totals, and who scored how many touchpoints (most first)."""
    totals = EmotionRating.objects.filter(measurement_id=review.measurement_id).aggregate(
        people=Count("participant", distinct=True), scores=Count("id"), touchpoints=Count("touchpoint", distinct=True))
    scorers = list(
        Participant.objects.filter(ratings__measurement_id=review.measurement_id)
        .annotate(scored=Count("ratings")).order_by("-scored", "display_name", "pk")
    )
    return RoundProgress(people=totals["people"], scores=totals["scores"], touchpoints=totals["touchpoints"],
                         total=total, scorers=scorers)


def improvements_of_review(review):
    """What a review walks through: while it is open, every open improvement of the journey plus those it
    already walked (which may be done or dropped by now); once finished, the ones it walked. Each has
    ``was_walked``. Ordered as they were proposed, so a row does not jump when its status changes. One query."""
    walked = Review.walked.through.objects.filter(review=review, improvement=OuterRef("pk"))
    improvements = Improvement.objects.filter(journey_id=review.journey_id).annotate(was_walked=Exists(walked))
    if review.is_open:
        improvements = improvements.filter(Q(status__in=Status.open_values()) | Q(was_walked=True))
    else:
        improvements = improvements.filter(was_walked=True)
    return list(improvements.select_related("owner").order_by("created_at", "pk"))


def changes_in_review(review):
    """The status changes made in ``review``, oldest first, with who made them. One query."""
    return list(StatusChange.objects.filter(review=review).select_related("changed_by", "improvement")
                .order_by("changed_at", "pk"))


# --- Change since the baseline --------------------------------------------------------------------------

DIRECTION_WORDS = {
    "up": _("better"),
    "down": _("worse"),
    "same": _("unchanged"),
    "new": _("no baseline score"),
    "none": _("not scored in this round"),
}
DIRECTION_ARROWS = {"up": "▲", "down": "▼", "same": "=", "new": "", "none": ""}


@dataclass
class ChangeRow:
    """One touchpoint: its baseline mean, its mean in the compared round and the difference."""

    index: int
    touchpoint: object
    stage: object
    baseline: object  # EmotionStats or None
    latest: object  # EmotionStats or None

    @property
    def difference(self):
        if self.baseline is None or self.latest is None:
            return None
        return round(self.latest.mean - self.baseline.mean, 2)

    @property
    def direction(self):
        if self.latest is None:
            return "none"
        if self.baseline is None:
            return "new"
        if abs(self.difference) < UNCHANGED_BELOW:
            return "same"
        return "up" if self.difference > 0 else "down"

    @property
    def baseline_label(self):
        return signed(self.baseline.mean) if self.baseline else "—"

    @property
    def latest_label(self):
        return signed(self.latest.mean) if self.latest else "—"

    @property
    def difference_label(self):
        if self.direction == "same":
            return "0"
        return signed(self.difference) if self.difference is not None else "—"

    @property
    def word(self):
        return DIRECTION_WORDS[self.direction]

    @property
    def arrow(self):
        return DIRECTION_ARROWS[self.direction]


@dataclass
class BaselineComparison:
    """The change-since-the-baseline table for one round (``measurement``), with its counts."""

    measurement: object
    rows: list

    @property
    def compared(self):
        return [row for row in self.rows if row.difference is not None]

    @property
    def better(self):
        return sum(1 for row in self.rows if row.direction == "up")

    @property
    def worse(self):
        return sum(1 for row in self.rows if row.direction == "down")

    @property
    def unchanged(self):
        return sum(1 for row in self.rows if row.direction == "same")

    @property
    def mean_difference(self):
        compared = self.compared
        return round(sum(row.difference for row in compared) / len(compared), 2) if compared else None

    @property
    def mean_difference_label(self):
        value = self.mean_difference
        return signed(value) if value is not None else "—"

    @property
    def mean_direction(self):
        value = self.mean_difference
        if value is None:
            return "none"
        if abs(value) < UNCHANGED_BELOW:
            return "same"
        return "up" if value > 0 else "down"


def compare_with_baseline(stages, baseline_stats, measurement, round_stats):
    """The rows of the change table for the current touchpoints of ``stages`` (already loaded). No query."""
    pairs = [(stage, touchpoint) for stage in stages for touchpoint in stage.touchpoints.all()]
    rows = [
        ChangeRow(index=index, touchpoint=touchpoint, stage=stage, baseline=baseline_stats.get(touchpoint.pk),
                  latest=round_stats.get(touchpoint.pk))
        for index, (stage, touchpoint) in enumerate(pairs, start=1)
    ]
    return BaselineComparison(measurement=measurement, rows=rows)


def latest_scored_round(rounds):
    """The newest (Measurement, stats) of ``rounds`` (oldest first) that has any score, or None."""
    return next(((measurement, stats) for measurement, stats in reversed(rounds) if stats), None)
