"""Reads for journeys, each a fixed number of queries whatever the journey's size. The steps, the pictures and
the report shape what these return; nothing else of the app queries for display."""

from dataclasses import dataclass

from django.db.models import (
    Avg,
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    StdDev,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from workshops import access
from workshops.models import Membership, Participant, Role

from . import pictures
from .models import (
    EmotionRating,
    Evidence,
    EvidenceKind,
    Gap,
    GapVote,
    Journey,
    Measurement,
    MeasurementKind,
    Note,
    NoteKind,
    Persona,
    Stage,
    Touchpoint,
)
from .numbers import round_name


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


def scorers(workshop, measurement):
    """The participants taking part in ``workshop`` (``taking_part``), each with the number of touchpoints they
    ``scored`` in ``measurement``, in the order they joined; in an open review's round (``measurement.open_review``
    set, see ``room_rounds``) only those who scored in it or joined since it started, not everyone who was at the
    workshop months ago. One query."""
    participants = (
        taking_part(workshop)
        .annotate(scored=Count("ratings", filter=Q(ratings__measurement=measurement)))
        .order_by("joined_at", "pk")
    )
    review = getattr(measurement, "open_review", None)
    if review is not None:
        participants = participants.filter(Q(scored__gt=0) | Q(joined_at__gte=review.created_at))
    return list(participants)


def voting_summary(workshop):
    """How many people take part (``taking_part``) and how many of them placed at least one dot. One query."""
    return taking_part(workshop).aggregate(
        participants=Count("pk", distinct=True),
        voted=Count("pk", filter=Q(votes__gap__journey_id=workshop.journey_id), distinct=True),
    )


# --- Personas and the ideal journey ------------------------------------------------------------------------

def team_personas(team_id):
    """The team's personas by name. One query."""
    return list(Persona.objects.filter(team_id=team_id).order_by("name", "pk"))


def journey_persona(journey):
    """The journey's persona, or None. Always one query, with or without a persona, so a page's cost does not
    vary."""
    return Persona.objects.filter(pk=journey.persona_id).first()


def ideal_journey(journey):
    """The ideal version of ``journey``, or None. One query."""
    return Journey.objects.filter(ideal_of=journey).first()


def has_ideal_journey(journey_id):
    """Whether the journey with ``journey_id`` has its ideal version yet. One query."""
    return Journey.objects.filter(ideal_of=journey_id).exists()


def ideal_touchpoints(journey):
    """The touchpoints of ``journey``'s ideal version with their stage, in journey order. One query."""
    return list(
        Touchpoint.objects.filter(stage__journey__ideal_of=journey).select_related("stage")
        .order_by("stage__position", "stage__pk", "position", "pk")
    )


def ideal_touchpoints_with_sources(journey):
    """The ideal's touchpoints that are new there or copied from ``journey`` (with stage and ``source``), in
    journey order. One query."""
    return list(
        Touchpoint.objects.filter(stage__journey__ideal_of=journey)
        .filter(Q(source__isnull=True) | Q(source__stage__journey=journey))
        .select_related("stage", "source")
        .order_by("stage__position", "stage__pk", "position", "pk")
    )


def ideal_touchpoint(journey, touchpoint_id):
    """One touchpoint of ``journey``'s ideal version (with its stage and its source's stage), or None. One query."""
    return (
        Touchpoint.objects.filter(pk=touchpoint_id, stage__journey__ideal_of=journey)
        .select_related("stage", "source__stage").first()
    )


# --- Scores and notes --------------------------------------------------------------------------------------

def ratings_of(measurement, participant_id):
    """``participant_id``'s scores in one round. One query."""
    return list(EmotionRating.objects.filter(measurement=measurement, participant_id=participant_id))


def journey_notes(journey, *, with_authors=False):
    """The rose/bud/thorn notes on ``journey``'s touchpoints, oldest first (``with_authors``: each with its
    participant). One query."""
    notes = Note.objects.filter(touchpoint__stage__journey=journey)
    if with_authors:
        notes = notes.select_related("participant")
    return list(notes.order_by("created_at", "pk"))


def thorns_in_journey_order(journey):
    """The journey's thorns with their touchpoint and stage, in journey order (the oldest first per touchpoint).
    One query."""
    return list(
        Note.objects.filter(kind=NoteKind.THORN, touchpoint__stage__journey=journey)
        .select_related("touchpoint__stage")
        .order_by("touchpoint__stage__position", "touchpoint__position", "touchpoint__pk", "created_at", "pk")
    )


def thorn_of(journey, note_id):
    """One thorn of ``journey`` with its touchpoint, or None. One query."""
    return (
        Note.objects.filter(pk=note_id, kind=NoteKind.THORN, touchpoint__stage__journey=journey)
        .select_related("touchpoint").first()
    )


def thorn_texts(journey):
    """[(touchpoint id, text), …] of the journey's thorns, oldest first. One query."""
    return list(
        Note.objects.filter(touchpoint__stage__journey=journey, kind=NoteKind.THORN)
        .order_by("created_at", "pk").values_list("touchpoint_id", "text")
    )


# --- Evidence ----------------------------------------------------------------------------------------------

def journey_evidence(journey):
    """The journey's evidence, oldest first. One query."""
    return list(Evidence.objects.filter(journey=journey).order_by("created_at", "pk"))


def evidence_totals(journey):
    """{"count": …, "last": the newest pk or None} of the journey's evidence: what changes when some is added
    or deleted. One query."""
    return Evidence.objects.filter(journey=journey).aggregate(count=Count("pk"), last=Max("pk"))


def evidence_kind_counts(journey):
    """{"figures": …, "quotes": …} of the journey's evidence. One query."""
    return Evidence.objects.filter(journey=journey).aggregate(
        figures=Count("pk", filter=Q(kind=EvidenceKind.QUANTITATIVE)),
        quotes=Count("pk", filter=Q(kind=EvidenceKind.QUALITATIVE)),
    )


def latest_evidence(journey, kind, limit):
    """The ``limit`` newest pieces of evidence of ``kind``, with their stage and touchpoint. One query."""
    return list(
        Evidence.objects.filter(journey=journey).select_related("stage", "touchpoint")
        .order_by("-created_at", "-pk").filter(kind=kind)[:limit]
    )


def evidence_count_rows(journey):
    """[{"stage_id", "touchpoint_id", "kind", "n"}, …]: how much evidence of each kind sits where. One query."""
    # order_by() drops Evidence's default ordering, which would otherwise split the groups.
    return list(
        Evidence.objects.filter(journey=journey).order_by()
        .values("stage_id", "touchpoint_id", "kind").annotate(n=Count("id"))
    )


def journey_metrics(journey):
    """The distinct metrics of the journey's figures (from the data step), by name. One query."""
    return list(
        Evidence.objects.filter(journey=journey, kind=EvidenceKind.QUANTITATIVE).exclude(metric="")
        .order_by("metric").values_list("metric", flat=True).distinct()
    )


# --- Gaps --------------------------------------------------------------------------------------------------

def gaps_by_dots(journey, *, participant=None, with_touchpoints=True, pk=None):
    """The journey's gaps, most dots first (ties: the earlier gap first), each with ``total`` dots and
    ``mine`` (``participant``'s dots on it). One query, two with the touchpoints. ``pk``: only that gap."""
    mine = (
        Coalesce(Sum("votes__dots", filter=Q(votes__participant=participant)), 0)
        if participant is not None else Value(0, output_field=IntegerField())
    )
    gaps = (
        Gap.objects.filter(journey=journey)
        .annotate(total=Coalesce(Sum("votes__dots"), 0), mine=mine)
        .order_by("-total", "created_at", "pk")
    )
    if pk is not None:
        gaps = gaps.filter(pk=pk)
    if with_touchpoints:
        gaps = gaps.prefetch_related(
            Prefetch("touchpoints", queryset=Touchpoint.objects.select_related("stage")
                     .order_by("stage__position", "position", "pk"))
        )
    return list(gaps)


def gap_origins_used(journey):
    """{(origin, touchpoint id), …}: which suggestions the journey's gaps were written from. One query."""
    return set(
        Gap.touchpoints.through.objects.filter(gap__journey=journey).values_list("gap__origin", "touchpoint_id")
    )


# --- The pictures ------------------------------------------------------------------------------------------

@dataclass
class PictureData:
    """What the map and the curve are drawn from (see ``load_picture_data``)."""

    stages: list
    stats: dict
    baseline: object = None  # the Measurement ``stats`` come from
    thorns: dict = None
    evidence: object = None
    ideal_touchpoints: list = None
    reviews: list = None

    def journey_map(self, **options):
        return pictures.journey_map(self.stages, self.stats, thorns=self.thorns, evidence=self.evidence, **options)

    def emotion_curve(self, **options):
        options.setdefault("current_label", round_name(self.baseline) or None)
        return pictures.emotion_curve(self.stages, self.stats, ideal_touchpoints=self.ideal_touchpoints or (),
                                      reviews=self.reviews or (), **options)


def load_picture_data(journey, *, for_map=True, for_curve=True):
    """The current journey's stages, touchpoints and baseline scores (4 queries), plus for the map its
    thorns and evidence counts (2), and for the curve the ideal journey's touchpoints, the review rounds
    and their scores (3). Always the same queries, whatever the journey holds; journeys.pictures turns them
    into SVG without touching the database."""
    stages = journey_stages(journey)  # stages, then their touchpoints
    baseline = baseline_measurement(journey)
    data = PictureData(stages=stages, stats=emotion_stats(baseline), baseline=baseline)  # the round, its statistics
    if for_map:
        data.thorns = {}
        for touchpoint_id, text in thorn_texts(journey):
            data.thorns.setdefault(touchpoint_id, []).append(text)
        data.evidence = pictures.evidence_counts(evidence_count_rows(journey))
    if for_curve:
        data.ideal_touchpoints = ideal_touchpoints(journey)
        data.reviews = review_rounds(journey)
    return data


# --- Picking one object of a room's journey ----------------------------------------------------------------
# QuerySets for a view's get_object_or_404(…, pk=…): the journey's bound keeps another workshop's objects out.

def current_journeys(team):
    """The team's current journeys (not their ideal versions), newest first: what a new workshop starts from.
    A QuerySet (the form's choices)."""
    return Journey.objects.filter(team=team, ideal_of__isnull=True).order_by("-created_at")


def gap_touchpoint_ids(gap):
    """The ids of the touchpoints of ``gap``'s own journey that ``gap`` is linked to. One query."""
    return list(gap.touchpoints.filter(stage__journey=gap.journey).values_list("pk", flat=True))


def touchpoints_in(journey):
    """``journey``'s touchpoints, each with its stage."""
    return Touchpoint.objects.select_related("stage").filter(stage__journey=journey)


def notes_in(journey):
    """The notes on ``journey``'s touchpoints, each with its touchpoint."""
    return Note.objects.select_related("touchpoint").filter(touchpoint__stage__journey=journey)


def ideal_touchpoints_in(journey):
    """The touchpoints of ``journey``'s ideal version, each with its stage and journey."""
    return Touchpoint.objects.select_related("stage__journey").filter(stage__journey__ideal_of=journey)


def _current_or_ideal(journey, journey_path):
    """Matches objects of ``journey`` or of its ideal version."""
    return Q(**{journey_path: journey.pk}) | Q(**{f"{journey_path}__ideal_of": journey.pk})


def room_stages(journey):
    """The stages of ``journey`` and of its ideal version, each with its journey."""
    return Stage.objects.select_related("journey").filter(_current_or_ideal(journey, "journey"))


def room_touchpoints(journey):
    """The touchpoints of ``journey`` and of its ideal version, each with its stage and journey."""
    return Touchpoint.objects.select_related("stage__journey").filter(_current_or_ideal(journey, "stage__journey"))


def personas_in(team):
    """``team``'s personas: a QuerySet (a view looks one up in it)."""
    return Persona.objects.filter(team=team)


def evidence_in(journey):
    """``journey``'s evidence: a QuerySet (a view looks one up in it)."""
    return Evidence.objects.filter(journey=journey)


def gaps_in(journey):
    """``journey``'s gaps: a QuerySet (a view looks one up in it)."""
    return Gap.objects.filter(journey=journey)


def ideal_journeys_of(journey):
    """The ideal version of ``journey`` (at most one): a QuerySet (a view needs it or a 404)."""
    return Journey.objects.filter(ideal_of=journey)
