"""Step 4, emotions: every participant scores every touchpoint −5…+5 and adds rose / bud / thorn notes;
the room sees the emotion curve (mean, spread and number of scores per touchpoint).

During a quarterly review (``actions.services.reviews``) the same pages score the review's own round
instead of the baseline (``selectors.room_rounds``), under a banner that says so. Once a review has started,
the baseline takes no more scores: between reviews the room shows it read-only, under a banner that says why.

The curve is ``journeys.pictures.emotion_curve``, the one renderer the map page and the PDF use too; the
room's version writes the number of scores beside each point, the projector's is drawn at projector scale.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from workshops.limits import REMARK_MAX

from ..models import SCORE_MAX, SCORE_MIN, NoteKind
from ..numbers import StatsLabels, round_name, signed
from ..pictures import PROJECTOR_SCALE, emotion_curve
from ..selectors import (
    emotion_stats,
    journey_notes,
    journey_stages,
    journey_touchpoints,
    ratings_of,
    room_rounds,
    scorers,
    scoring_measurement,
)

ROOM_TEMPLATE = "journeys/steps/emotions.html"
PROJECTOR_TEMPLATE = "journeys/projector/emotions.html"


def version(workshop):
    """The round being scored: when a quarterly review starts or finishes, every screen switches round."""
    measurement = scoring_measurement(workshop.journey)
    return str(measurement.pk) if measurement else ""

SCORE_WORDS = {SCORE_MIN: _("very negative"), 0: _("neutral"), SCORE_MAX: _("very positive")}
NOTE_KIND_SHORT = {NoteKind.ROSE: _("Rose"), NoteKind.BUD: _("Bud"), NoteKind.THORN: _("Thorn")}
NOTE_KIND_ICON = {NoteKind.ROSE: "✿", NoteKind.BUD: "❦", NoteKind.THORN: "✶"}

@dataclass(frozen=True)
class ScaleOption:
    value: int

    @property
    def label(self):
        return signed(self.value, 0)

    @property
    def css(self):
        return f"m{-self.value}" if self.value < 0 else f"p{self.value}"

    @property
    def word(self):
        return SCORE_WORDS.get(self.value, "")


SCALE = [ScaleOption(value) for value in range(SCORE_MIN, SCORE_MAX + 1)]


@dataclass(frozen=True)
class ScaleChoice:
    """A ScaleOption with its texts worked out once: the page draws the scale for every touchpoint, and
    formatting "−5" … "+5" afresh for each of them was a tenth of a large room's render time."""

    value: int
    css: str
    label: str
    word: str


def scale_choices():
    """The −5…+5 scale in the active language."""
    return [ScaleChoice(option.value, option.css, option.label, str(option.word)) for option in SCALE]


@dataclass(frozen=True)
class NoteKindOption:
    value: str

    @property
    def label(self):
        return NoteKind(self.value).label

    @property
    def short(self):
        return NOTE_KIND_SHORT[self.value]

    @property
    def icon(self):
        return NOTE_KIND_ICON[self.value]


NOTE_KINDS = [NoteKindOption(value) for value in NoteKind.values]
NOTE_KIND_BY_VALUE = {option.value: option for option in NOTE_KINDS}


# --- What a screen shows per touchpoint ---------------------------------------------------------------

@dataclass
class TouchpointRow(StatsLabels):
    """One touchpoint on the participants' page: the room's numbers, my score, the notes."""

    touchpoint: object
    stage: object
    index: int  # 1-based, in journey order
    stats: object = None  # selectors.EmotionStats, or None before the first score
    mine: object = None  # this participant's EmotionRating
    notes: list = field(default_factory=list)
    # What the score form shows: the saved score, or what was just sent when it was refused.
    selected: int | None = None
    comment_value: str = ""
    score_errors: list = field(default_factory=list)
    comment_errors: list = field(default_factory=list)
    saved: bool = False
    note_form: object = None  # a bound NoteForm with errors, after a refused note

    @property
    def key(self):
        return str(self.index)

    @property
    def mine_label(self):
        return signed(self.mine.score, 0) if self.mine else ""

    @property
    def mine_css(self):
        return ScaleOption(self.mine.score).css if self.mine else ""

    @property
    def count(self):
        return self.stats.count if self.stats else 0


@dataclass
class StageRows:
    stage: object
    rows: list

    @property
    def keys(self):
        return [row.key for row in self.rows]

    @property
    def first_key(self):
        return self.rows[0].key

    @property
    def scored(self):
        return sum(1 for row in self.rows if row.mine is not None)


# Up to this many touchpoints the page shows every score card at once. A larger journey (the benchmark's has
# 250) shows the cards of the stage being scored and folds the other stages to a line with a link: 250 score
# forms made a page of a megabyte that took half a second to draw, and nobody scores 250 cards in one scroll.
FULL_PAGE_TOUCHPOINTS = 40


@dataclass
class EmotionsPage:
    measurement: object
    stages: list
    rows: list
    curve: object
    participant: object
    can_score: bool
    can_note: bool = False  # notes belong to no round: they stay open while the room takes contributions
    locked: bool = False  # the round shown (the baseline) takes no more scores: a quarterly review has started
    scale: list = field(default_factory=scale_choices)
    note_kinds: list = field(default_factory=lambda: NOTE_KINDS)
    remark_max: int = REMARK_MAX  # a score's comment and a note: the inputs' maxlength

    @property
    def review(self):
        """The open review this round belongs to (the room shows a banner), or None for the baseline."""
        return getattr(self.measurement, "open_review", None)

    @property
    def total(self):
        return len(self.rows)

    @property
    def folds_stages(self):
        return self.total > FULL_PAGE_TOUCHPOINTS

    @property
    def scored(self):
        return sum(1 for row in self.rows if row.mine is not None)

    @property
    def keys(self):
        return [row.key for row in self.rows]

    @property
    def default_key(self):
        """Where a phone starts: the first touchpoint I have not scored yet."""
        return next((row.key for row in self.rows if row.mine is None), "1")

    def row_for(self, touchpoint_id):
        return next(row for row in self.rows if row.touchpoint.pk == touchpoint_id)


def emotions_page(room):
    """Everything the participants' page shows. Six queries, whatever the size of the journey or room:
    stages, touchpoints, the round shown (the round being scored — the baseline or the open review's — or,
    once a review has started and none is open, the baseline, which then takes no more scores: see
    ``selectors.room_rounds``), its statistics, my scores, the notes (with authors)."""
    journey = room.workshop.journey
    stages = journey_stages(journey)
    rounds = room_rounds(journey)
    measurement = rounds.shown
    stats = emotion_stats(measurement)
    participant = room.participant
    mine = {}
    if measurement is not None:
        mine = {rating.touchpoint_id: rating
                for rating in ratings_of(measurement, getattr(participant, "pk", None))}
    notes_by_touchpoint = {}
    for note in journey_notes(journey, with_authors=True):
        note.kind_option = NOTE_KIND_BY_VALUE.get(note.kind)
        note.is_mine = participant is not None and note.participant_id == participant.pk
        notes_by_touchpoint.setdefault(note.touchpoint_id, []).append(note)
    stage_rows, rows = [], []
    for stage in stages:
        group = StageRows(stage=stage, rows=[])
        for touchpoint in stage.touchpoints.all():
            rating = mine.get(touchpoint.pk)
            row = TouchpointRow(
                touchpoint=touchpoint, stage=stage, index=len(rows) + 1, stats=stats.get(touchpoint.pk),
                mine=rating, notes=notes_by_touchpoint.get(touchpoint.pk, []),
                selected=rating.score if rating else None, comment_value=rating.comment if rating else "",
            )
            group.rows.append(row)
            rows.append(row)
        if group.rows:
            stage_rows.append(group)
    return EmotionsPage(
        measurement=measurement, stages=stage_rows, rows=rows,
        curve=emotion_curve(stages, stats, dom_id="emotion-curve", show_counts=True,
                            current_label=round_name(measurement)),
        participant=participant, can_score=room.can_rate and rounds.scoring is not None,
        can_note=room.can_rate and measurement is not None, locked=rounds.locked,
    )


def room_context(room):
    return {"emotions": emotions_page(room)}


def projector_context(room):
    """The curve, and how far each participant is. Five queries: stages, touchpoints, the round shown
    (``selectors.room_rounds``), its statistics, the participants (``selectors.scorers``: not the
    facilitator leading the room without scoring) with their number of scores."""
    journey = room.workshop.journey
    stages = journey_stages(journey)
    measurement = room_rounds(journey).shown
    stats = emotion_stats(measurement)
    participants = scorers(room.workshop, measurement)
    review = getattr(measurement, "open_review", None)
    total = len(journey_touchpoints(stages))
    return {
        "emotions": {
            "curve": emotion_curve(stages, stats, dom_id="emotion-curve-large", scale=PROJECTOR_SCALE,
                                   current_label=round_name(measurement),
                                   show_counts=True),
            "participants": participants,
            "total": total,
            "scores": sum(participant.scored for participant in participants),
            "finished": sum(1 for participant in participants if total and participant.scored >= total),
            "review": review,
        },
    }
