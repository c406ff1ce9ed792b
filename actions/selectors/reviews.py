"""Reads of the quarterly review pages (the writes are in ``services.reviews``; the change-since-the-baseline
table they show is shaped in ``actions.baseline_change``).

Each read is a fixed number of queries, whatever the number of reviews, improvements, touchpoints or people:
the pages' query counts are pinned in tests/actions/test_reviews_pages.py.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from journeys.models import EmotionRating
from journeys.numbers import round_name
from journeys.selectors import review_number
from workshops.models import Participant

from ..models import Improvement, Review, ReviewCycle, Status, StatusChange


def review_cycle(journey):
    """The journey's review cycle, or None when no review has been planned yet. One query."""
    return ReviewCycle.objects.filter(journey=journey).first()


def _count(queryset, group, aggregate=None):
    """A correlated subquery: the rows of ``queryset`` (filtered on an OuterRef, grouped by ``group``), or
    ``aggregate`` over them. A number per review without joining every rating, change and walked improvement
    into one multiplied result."""
    counted = queryset.order_by().values(group).annotate(n=aggregate or Count("*")).values("n")
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), 0)


def _named(reviews):
    """Each review gets ``name``: its round's name, "Review 2 (14 Jun 2026)" (``numbers.round_name``)."""
    for review in reviews:
        review.name = round_name(review.measurement, review.round_number)
    return reviews


def reviews_of(journey):
    """Every review of ``journey``, newest first, each with ``name``, ``people`` (who scored in its round),
    ``scores``, ``walked_count`` and ``change_count``. One query (correlated counts, no multiplying joins)."""
    ratings = EmotionRating.objects.filter(measurement=OuterRef("measurement"))
    return _named(list(
        Review.objects.filter(journey=journey).select_related("measurement", "started_by")
        .annotate(
            people=_count(ratings, "measurement", Count("participant", distinct=True)),
            scores=_count(ratings, "measurement"),
            walked_count=_count(Review.walked.through.objects.filter(review=OuterRef("pk")), "review"),
            change_count=_count(StatusChange.objects.filter(review=OuterRef("pk")), "review"),
            round_number=review_number("measurement__"),
        )
        .order_by("-held_on", "-pk")
    ))


def review_of(journey, review_id):
    """One review of ``journey`` with its ``name``, or None. One query."""
    review = (Review.objects.filter(journey=journey, pk=review_id).select_related("measurement", "started_by")
              .annotate(round_number=review_number("measurement__")).first())
    return _named([review])[0] if review else None


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


def walkable_improvements(journey):
    """``journey``'s improvements with their owner: a QuerySet to pick the one a review walks from."""
    return Improvement.objects.select_related("owner").filter(journey=journey)
