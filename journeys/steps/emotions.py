"""Step 4, emotions: every participant scores every touchpoint −5…+5 and adds rose / bud / thorn notes;
the room sees the emotion curve (mean, spread and number of scores per touchpoint).

The curve is an inline SVG whose geometry is computed here, so the page, the projector and (later) the PDF
draw the same picture without JavaScript.
"""

import textwrap
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from workshops.models import Participant

from ..models import SCORE_MAX, SCORE_MIN, EmotionRating, Note, NoteKind
from ..selectors import baseline_measurement, emotion_stats, journey_stages, journey_touchpoints

ROOM_TEMPLATE = "journeys/steps/emotions.html"
PROJECTOR_TEMPLATE = "journeys/projector/emotions.html"

# ColorBrewer's RdYlGn, from −5 to +5: a diverging scale that stays distinct for most colour-blind eyes.
SCORE_COLOURS = ["#a50026", "#d73027", "#f46d43", "#fdae61", "#fee08b", "#ffffbf",
                 "#d9ef8b", "#a6d96a", "#66bd63", "#1a9850", "#006837"]
SCORE_WORDS = {SCORE_MIN: _("very negative"), 0: _("neutral"), SCORE_MAX: _("very positive")}
NOTE_KIND_SHORT = {NoteKind.ROSE: _("Rose"), NoteKind.BUD: _("Bud"), NoteKind.THORN: _("Thorn")}
NOTE_KIND_ICON = {NoteKind.ROSE: "✿", NoteKind.BUD: "❦", NoteKind.THORN: "✶"}


def decimal(value, places=1):
    """``value`` rounded to ``places`` in the active language (number_format alone would cut, not round)."""
    return formats.number_format(round(value, places), places)


def signed(value, places=1):
    """+1,4 / −2,3 / 0 in the active language, with a real minus sign; whole numbers without decimals."""
    if value is None:
        return "—"
    value = round(value, places)
    if value == 0:
        return "0"
    text = decimal(abs(value), 0 if value == int(value) else places)
    return ("+" if value > 0 else "−") + text


def score_colour(value):
    index = max(SCORE_MIN, min(SCORE_MAX, round(value))) - SCORE_MIN
    return SCORE_COLOURS[index]


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

class StatsLabels:
    """The room's numbers for one touchpoint as shown (``self.stats``: EmotionStats or None)."""

    @property
    def mean_label(self):
        return signed(self.stats.mean) if self.stats else "—"

    @property
    def min_label(self):
        return signed(self.stats.minimum, 0) if self.stats else "—"

    @property
    def max_label(self):
        return signed(self.stats.maximum, 0) if self.stats else "—"

    @property
    def stdev_label(self):
        return decimal(self.stats.stdev) if self.stats else "—"


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


@dataclass
class EmotionsPage:
    measurement: object
    stages: list
    rows: list
    curve: object
    participant: object
    can_score: bool
    scale: list = field(default_factory=lambda: SCALE)
    note_kinds: list = field(default_factory=lambda: NOTE_KINDS)

    @property
    def total(self):
        return len(self.rows)

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
    stages, touchpoints, the baseline measurement, its statistics, my scores, the notes (with authors)."""
    journey = room.workshop.journey
    stages = journey_stages(journey)
    measurement = baseline_measurement(journey)
    stats = emotion_stats(measurement)
    participant = room.participant
    mine = {}
    if measurement is not None:
        mine = {
            rating.touchpoint_id: rating
            for rating in EmotionRating.objects.filter(measurement=measurement,
                                                       participant_id=getattr(participant, "pk", None))
        }
    notes_by_touchpoint = {}
    for note in Note.objects.filter(touchpoint__stage__journey=journey).select_related("participant"):
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
        measurement=measurement, stages=stage_rows, rows=rows, curve=emotion_curve(stages, stats),
        participant=participant, can_score=room.can_rate and measurement is not None,
    )


def room_context(room):
    return {"emotions": emotions_page(room)}


def projector_context(room):
    """The curve, and how far each participant is. Five queries: stages, touchpoints, the baseline
    measurement, its statistics, the participants with their number of scores."""
    journey = room.workshop.journey
    stages = journey_stages(journey)
    measurement = baseline_measurement(journey)
    stats = emotion_stats(measurement)
    participants = list(
        Participant.objects.filter(workshop=room.workshop)
        .annotate(scored=Count("ratings", filter=Q(ratings__measurement=measurement)))
        .order_by("joined_at", "pk")
    )
    total = len(journey_touchpoints(stages))
    return {
        "emotions": {
            "curve": emotion_curve(stages, stats, large=True),
            "participants": participants,
            "total": total,
            "scores": sum(participant.scored for participant in participants),
            "finished": sum(1 for participant in participants if total and participant.scored >= total),
        },
    }


# --- The emotion curve ----------------------------------------------------------------------------

@dataclass(frozen=True)
class CurveSize:
    min_plot_width: int
    min_step: int
    plot_height: int
    left: int
    right: int
    font: int
    small: int
    marker: float
    stroke: float

    @property
    def stage_row(self):
        return round(self.font * 2.2)

    @property
    def label_area(self):
        return round(10 + self.font + 2 * (self.small + 4) + 6)


ROOM_SIZE = CurveSize(min_plot_width=720, min_step=68, plot_height=240, left=40, right=12, font=13, small=11,
                      marker=5.5, stroke=2.5)
PROJECTOR_SIZE = CurveSize(min_plot_width=1160, min_step=100, plot_height=420, left=60, right=16, font=30,
                           small=24, marker=12, stroke=5)


def _n(value):
    """A coordinate as SVG wants it, whatever the language (never a decimal comma)."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class CurveSlot(StatsLabels):
    """One touchpoint's column on the curve; ``stats`` is None when nobody scored it yet."""

    index: int
    touchpoint: object
    stage_name: str
    x: str
    labels: tuple  # ((y, line of the name), …) under the column
    stats: object
    mean_y: str = ""
    count_y: str = ""
    colour: str = ""



@dataclass(frozen=True)
class CurveStage:
    name: str
    x: str
    width: str
    mid: str
    separator_x: str  # the dashed line before this stage ("" for the first)
    shaded: bool


@dataclass(frozen=True)
class CurveGridLine:
    value: int
    y: str
    label: str
    is_zero: bool


@dataclass(frozen=True)
class Curve:
    size: CurveSize
    width: str
    height: str
    plot_left: str
    plot_right: str
    plot_top: str
    plot_bottom: str
    label_x: str
    stage_label_y: str
    index_y: str
    stages: tuple
    slots: tuple
    grid: tuple
    mean_path: str
    min_path: str
    max_path: str
    band_paths: tuple
    large: bool

    @property
    def points(self):
        return [slot for slot in self.slots if slot.stats is not None]

    @property
    def scored(self):
        return len(self.points)

    @property
    def total(self):
        return len(self.slots)

    @property
    def lowest(self):
        return min(self.points, key=lambda slot: slot.stats.mean, default=None)

    @property
    def highest(self):
        return max(self.points, key=lambda slot: slot.stats.mean, default=None)

    @property
    def dom_id(self):
        return "emotion-curve-large" if self.large else "emotion-curve"


def _runs(columns):
    """Consecutive scored touchpoints: the line breaks where a touchpoint has no score yet (None)."""
    runs, current = [], []
    for coordinates in columns:
        if coordinates is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(coordinates)
    if current:
        runs.append(current)
    return runs


def _wrap(text, width, lines):
    """At most ``lines`` lines of at most ``width`` characters, "…" where the name was cut."""
    if width < 4:
        return ()

    def fit(line):
        return line if len(line) <= width else line[:width - 1] + "…"

    wrapped = textwrap.wrap(text, width=width, break_long_words=False) or [""]
    kept = [fit(line) for line in wrapped[:lines]]
    if len(wrapped) > lines and not kept[-1].endswith("…"):
        kept[-1] = fit(kept[-1] + "…") if len(kept[-1]) < width else kept[-1][:width - 1] + "…"
    return tuple(kept)


def emotion_curve(stages, stats, *, large=False):
    """The curve's geometry for already-loaded ``stages`` and ``emotion_stats``: no query.

    x: the touchpoints in journey order, grouped under their stage; y: −5 (bottom) … +5 (top).
    Per scored touchpoint a marker at the mean, a band from the lowest to the highest score, and the
    number of scores beside the marker. Unscored touchpoints keep their column but get no point.
    """
    size = PROJECTOR_SIZE if large else ROOM_SIZE
    count = len(journey_touchpoints(stages))
    step = max(size.min_step, size.min_plot_width / max(count, 1))
    top = size.stage_row + round(size.font * 0.6)  # room above +5 for a marker and its count
    bottom = top + size.plot_height
    left = size.left
    right = left + step * max(count, 1)
    width = right + size.right
    height = bottom + size.label_area

    def y_of(score):
        return top + (SCORE_MAX - score) / (SCORE_MAX - SCORE_MIN) * size.plot_height

    label_chars = int(step * 0.88 / (size.small * 0.56))
    index_y = bottom + 10 + size.font
    label_y = (index_y + size.small + 4, index_y + 2 * (size.small + 4))
    slots, coordinates = [], []
    columns = [(stage, touchpoint) for stage in stages for touchpoint in stage.touchpoints.all()]
    for position, (stage, touchpoint) in enumerate(columns):
        x = left + (position + 0.5) * step
        row_stats = stats.get(touchpoint.pk)
        lines = _wrap(touchpoint.name, label_chars, 2)
        slot = {"index": position + 1, "touchpoint": touchpoint, "stage_name": stage.name, "x": _n(x),
                "labels": tuple(zip((_n(y) for y in label_y), lines, strict=False)), "stats": row_stats}
        if row_stats is None:
            coordinates.append(None)
        else:
            mean_y = y_of(row_stats.mean)
            gap = size.marker + 5
            count_y = mean_y - gap if row_stats.mean < 3.5 else mean_y + gap + size.small * 0.8
            slot.update(mean_y=_n(mean_y), count_y=_n(count_y), colour=score_colour(row_stats.mean))
            coordinates.append((x, mean_y, y_of(row_stats.minimum), y_of(row_stats.maximum)))
        slots.append(CurveSlot(**slot))

    mean_path, min_path, max_path, bands = [], [], [], []
    half = size.marker * 1.8  # a lone touchpoint's band still gets some width
    for run in _runs(coordinates):
        if len(run) == 1:
            x, mean_y, min_y, max_y = run[0]
            edges = [(x - half, min_y, max_y), (x + half, min_y, max_y)]
        else:
            edges = [(x, min_y, max_y) for x, _mean, min_y, max_y in run]
        mean_path.append("M" + " L".join(f"{_n(x)} {_n(y)}" for x, y, _lo, _hi in run))
        min_path.append("M" + " L".join(f"{_n(x)} {_n(lo)}" for x, lo, _hi in edges))
        max_path.append("M" + " L".join(f"{_n(x)} {_n(hi)}" for x, _lo, hi in edges))
        outline = [(x, hi) for x, _lo, hi in edges] + [(x, lo) for x, lo, _hi in reversed(edges)]
        bands.append("M" + " L".join(f"{_n(x)} {_n(y)}" for x, y in outline) + " Z")

    curve_stages, position = [], 0
    for stage_index, stage in enumerate(stage for stage in stages if stage.touchpoints.all()):
        span = len(stage.touchpoints.all())
        x0 = left + position * step
        stage_width = span * step
        chars = int(stage_width * 0.94 / (size.font * 0.6))
        name = stage.name if len(stage.name) <= chars else stage.name[:max(chars - 1, 1)] + "…"
        curve_stages.append(CurveStage(
            name=name, x=_n(x0), width=_n(stage_width), mid=_n(x0 + stage_width / 2),
            separator_x=_n(x0) if stage_index else "", shaded=stage_index % 2 == 1,
        ))
        position += span

    grid = tuple(
        CurveGridLine(value=value, y=_n(y_of(value)), label=signed(value, 0), is_zero=value == 0)
        for value in range(SCORE_MAX, SCORE_MIN - 1, -1)
    )
    return Curve(
        size=size, width=_n(width), height=_n(height), plot_left=_n(left), plot_right=_n(right),
        plot_top=_n(top), plot_bottom=_n(bottom), label_x=_n(left - 6),
        stage_label_y=_n(size.stage_row - size.font * 0.7),
        index_y=_n(index_y), stages=tuple(curve_stages), slots=tuple(slots), grid=grid,
        mean_path=" ".join(mean_path), min_path=" ".join(min_path), max_path=" ".join(max_path),
        band_paths=tuple(bands), large=large,
    )
