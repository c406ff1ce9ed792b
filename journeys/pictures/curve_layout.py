"""The emotion curve's layout: scales for page, projector and paper, series styles, and every coordinate
and text of the curve as frozen dataclasses (written by curve_svg).
"""

from dataclasses import dataclass, replace

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import SCORE_MAX, SCORE_MIN
from ..numbers import StatsLabels, round_name, signed
from .curve_svg import emotion_curve_svg, emotion_curve_table
from .marks import Shape, lay_out_legend, marker_path
from .stage_parts import part_label
from .text import Backdrop, backdrop, fit, run_paths, truncate
from .text import coordinate as _n


@dataclass(frozen=True)
class CurveScale:
    """The curve's sizes in px: the page and PDF use PAGE_SCALE, the projector PROJECTOR_SCALE (read from
    the back of a room). Everything ``render`` draws takes its size from here."""

    font: float  # column numbers
    small: float  # names under the plot, the grid labels, the legend, the number of scores
    stage_font: float
    left: float
    right: float
    min_plot_width: float
    min_step: float  # one touchpoint's column at least
    plot_height: float
    marker: float  # a marker's radius
    stroke: float  # a series' line
    sample: float  # a legend sample's length
    legend_row: float

    @property
    def thin(self):
        return _n(self.stroke / 3)

    @property
    def legend_text_x(self):
        return _n(self.sample + 8)

    @property
    def band_sample_height(self):
        return _n(self.marker * 2)


PAGE_SCALE = CurveScale(font=16, small=14, stage_font=16, left=58, right=24, min_plot_width=880, min_step=108,
                        plot_height=320, marker=7.5, stroke=3, sample=40, legend_row=28)
PROJECTOR_SCALE = CurveScale(font=28, small=24, stage_font=28, left=84, right=30, min_plot_width=1500,
                             min_step=150, plot_height=440, marker=12, stroke=5, sample=64, legend_row=44)
# On paper the curve fills a landscape page: larger type, and a plot as high as the page allows
# (``print_scale`` sets the height from the number of columns, so a long stage does not come out flat).
PRINT_SCALE = CurveScale(font=22, small=19, stage_font=22, left=70, right=24, min_plot_width=880, min_step=112,
                         plot_height=320, marker=9, stroke=3.5, sample=48, legend_row=34)
CURVE_MARKER = PAGE_SCALE.marker


def print_scale(columns, *, aspect=0.4):
    """PRINT_SCALE with a plot ``aspect`` times as high as the curve is wide for ``columns`` touchpoints."""
    width = PRINT_SCALE.left + max(PRINT_SCALE.min_step * columns, PRINT_SCALE.min_plot_width) + PRINT_SCALE.right
    return replace(PRINT_SCALE, plot_height=max(PRINT_SCALE.plot_height, round(width * aspect)))


@dataclass(frozen=True)
class SeriesStyle:
    colour: str
    dash: str  # stroke-dasharray, "" for a solid line
    shape: Shape
    filled: bool

    @property
    def sample_d(self):
        """The legend's marker, in the middle of a 40 px sample line (x 20, y 0)."""
        return marker_path(self.shape, 20, 0, CURVE_MARKER)


# Okabe–Ito colours; every series also has its own dash pattern and marker shape (black-and-white safe).
CURRENT_STYLE = SeriesStyle("#0072b2", "", Shape.CIRCLE, True)
IDEAL_STYLE = SeriesStyle("#009e73", "12 6", Shape.DIAMOND, False)
REVIEW_STYLES = [
    SeriesStyle("#d55e00", "3 5", Shape.TRIANGLE, True),
    SeriesStyle("#cc79a7", "14 5 3 5", Shape.SQUARE, False),
    SeriesStyle("#e69f00", "8 4", Shape.TRIANGLE_DOWN, True),
    SeriesStyle("#000000", "2 3 2 9", Shape.HEXAGON, False),
    SeriesStyle("#56b4e9", "18 4 3 4 3 4", Shape.SQUARE, True),
]


@dataclass(frozen=True)
class CurveMarker:
    touchpoint_id: int
    index: int  # the column's number
    x: str
    y: str
    d: str
    title: str
    count: str = ""  # "n=5" beside a current point, when the curve shows counts
    count_y: str = ""
    count_backdrop: Backdrop = None


@dataclass(frozen=True)
class CurveSeries:
    key: str  # "current", "ideal" or "review"
    label: str
    style: SeriesStyle
    markers: tuple
    path: str  # one path; subpaths break where a touchpoint has no value
    measurement: object = None  # the review round's Measurement
    round_number: int = 0  # 1, 2, … for review rounds

    @property
    def colour(self):
        return self.style.colour

    @property
    def dash(self):
        return self.style.dash

    @property
    def fill(self):
        return self.style.colour if self.style.filled else "#ffffff"



@dataclass(frozen=True)
class CurveStage:
    stage: object
    x: str
    width: str
    mid: str
    name: str
    cut: bool
    separator: bool
    shaded: bool


@dataclass(frozen=True)
class CurveColumn(StatsLabels):
    """One current touchpoint: its x, its labels under the plot and the numbers of the table."""

    index: int
    touchpoint: object
    stage: object
    x: str
    name_lines: tuple  # ((y, text), …)
    cut: bool
    stats: object  # baseline EmotionStats or None
    targets: tuple  # the ideal touchpoints copied from this one (with their target emotion)
    reviews: tuple  # per review round: EmotionStats or None

    @property
    def count(self):
        return self.stats.count if self.stats else 0

    @property
    def target_labels(self):
        return [signed(tp.target_emotion, 0) for tp in self.targets if tp.target_emotion is not None]

    @property
    def review_labels(self):
        return [(signed(stats.mean), stats.count) if stats else ("—", 0) for stats in self.reviews]


@dataclass(frozen=True)
class GridLine:
    y: str
    label: str
    is_zero: bool


@dataclass(frozen=True)
class EmotionCurve:
    scale: CurveScale
    dom_id: str
    title: str
    width: str
    height: str
    plot_left: str
    plot_right: str
    plot_top: str
    plot_bottom: str
    label_x: str
    stage_top: str
    stage_height: str
    stage_y: str
    index_y: str
    stages: tuple
    columns: tuple
    grid: tuple
    band_paths: tuple  # the current journey's spread, lowest to highest score
    series: tuple  # current, ideal (when it has targets), then review rounds by date
    legend: tuple
    ideal_only: tuple  # ideal touchpoints with no current counterpart: in the table, not on the curve
    rounds: tuple  # the review rounds' Measurements, by date
    empty_x: str
    empty_y: str

    @property
    def current(self):
        return self.series[0]

    @property
    def ideal(self):
        return next((series for series in self.series if series.key == "ideal"), None)

    @property
    def review_series(self):
        return [series for series in self.series if series.key == "review"]

    @property
    def scored(self):
        return [column for column in self.columns if column.stats is not None]

    @property
    def lowest(self):
        return min(self.scored, key=lambda column: column.stats.mean, default=None)

    @property
    def highest(self):
        return max(self.scored, key=lambda column: column.stats.mean, default=None)

    @property
    def has_ideal(self):
        return any(column.targets for column in self.columns) or bool(self.ideal_only)

    @property
    def ideal_only_rows(self):
        return [(touchpoint, signed(touchpoint.target_emotion, 0) if touchpoint.target_emotion is not None else "—")
                for touchpoint in self.ideal_only]

    @property
    def table_width(self):
        """How many columns the table has."""
        return 7 + (1 if self.has_ideal else 0) + len(self.rounds)

    def svg(self):
        """This curve as SVG markup (``render`` marks it safe)."""
        return emotion_curve_svg(self)

    def table(self):
        """This curve's numbers as an HTML table (``render_table`` marks it safe)."""
        return emotion_curve_table(self)


def emotion_curve(stages, stats, *, ideal_touchpoints=(), reviews=(), title="", dom_id="emotion-curve-picture",
                  scale=PAGE_SCALE, show_counts=False, first_index=1, current_label=None):
    """The emotion curve's geometry. No query.

    ``stages``/``stats``: as for ``journey_map`` (the current journey and its baseline round).
    ``ideal_touchpoints``: the ideal journey's touchpoints in order, each with ``source_id`` (the current
    touchpoint it was copied from), ``target_emotion`` and ``stage`` loaded; those without a current
    counterpart are left off the curve and listed in ``ideal_only``. ``reviews``: [(Measurement,
    {touchpoint id: EmotionStats}), …] for every later review round, ordered by date; each becomes a line.
    ``title`` and ``dom_id``: as for ``journey_map``. ``scale``: PAGE_SCALE (page, PDF) or PROJECTOR_SCALE.
    ``show_counts``: write each current point's number of scores beside it ("n=5"), as the live room does.
    ``first_index``: the first column's number (a curve drawn in parts, page by page, keeps counting).
    ``current_label``: the name of the round ``stats`` come from (``numbers.round_name``: "Baseline (workshop,
    12 Mar 2026)", or a review's round in the room); without one, "Baseline (workshop)".

    x: the current touchpoints in journey order grouped under their stage; y: −5 (bottom) … +5 (top).
    """
    stages = list(stages)
    columns_in = [(stage, touchpoint) for stage in stages for touchpoint in stage.touchpoints.all()]
    count = len(columns_in)
    sc = scale
    step = max(sc.min_step, sc.min_plot_width / max(count, 1))
    left = sc.left
    right = left + step * max(count, 1)
    width = right + sc.right

    positions = {touchpoint.pk: position for position, (_stage, touchpoint) in enumerate(columns_in)}
    targets, ideal_only = {}, []
    for touchpoint in ideal_touchpoints:
        if touchpoint.source_id in positions:
            targets.setdefault(touchpoint.source_id, []).append(touchpoint)
        else:
            ideal_only.append(touchpoint)
    reviews = list(reviews)

    # The series, so the legend (at the top) can be laid out before the plot.
    has_targets = any(tp.target_emotion is not None for tps in targets.values() for tp in tps)
    styles = [("current", current_label or _("Baseline (workshop)"), CURRENT_STYLE, None, 0)]
    if has_targets:
        styles.append(("ideal", _("Ideal journey (target)"), IDEAL_STYLE, None, 0))
    for number, (measurement, _round_stats) in enumerate(reviews, start=1):
        styles.append(("review", round_name(measurement, number), REVIEW_STYLES[(number - 1) % len(REVIEW_STYLES)],
                       measurement, number))
    entries = [(key, label, style, "") for key, label, style, _m, _r in styles]
    entries.insert(1, ("band", _("Spread: lowest to highest score"), None, ""))
    legend, legend_height = lay_out_legend(entries, left=left, top=8, width=right - left, size=sc.small,
                                    sample_width=sc.sample, row_height=sc.legend_row)
    legend = tuple(replace(item, sample_d=marker_path(item.sample.shape, sc.sample / 2, 0, sc.marker))
                   if item.sample else item for item in legend)

    stage_y = 8 + legend_height + 10 + sc.stage_font
    top = stage_y + 14 + sc.marker * 1.6 + (sc.small + 4 if show_counts else 0)  # room above +5 for a count
    bottom = top + sc.plot_height
    index_y = bottom + 12 + sc.font
    name_y = (index_y + sc.small + 6, index_y + 2 * sc.small + 10)
    height = name_y[1] + 14

    def y_of(score):
        return top + (SCORE_MAX - score) / (SCORE_MAX - SCORE_MIN) * sc.plot_height

    def x_of(position):
        return left + (position + 0.5) * step

    # Series side by side within a column, so equal values stay visible.
    offset_step = min(sc.marker * 0.9, step * 0.45 / max(len(styles), 1))

    def offset(series_number):
        return (series_number - (len(styles) - 1) / 2) * offset_step

    columns = []
    for position, (stage, touchpoint) in enumerate(columns_in):
        lines, cut = fit(touchpoint.name, step - 10, sc.small, 2)
        columns.append(CurveColumn(
            index=position + first_index, touchpoint=touchpoint, stage=stage, x=_n(x_of(position)),
            name_lines=tuple(zip((_n(y) for y in name_y), lines, strict=False)), cut=cut,
            stats=stats.get(touchpoint.pk), targets=tuple(targets.get(touchpoint.pk, ())),
            reviews=tuple(round_stats.get(touchpoint.pk) for _m, round_stats in reviews),
        ))

    def point_title(column, what):
        return f"{column.index}. {column.touchpoint.name} — {what}"

    series = []
    for number, (key, label, style, measurement, round_number) in enumerate(styles):
        points, markers = [], []
        for position, column in enumerate(columns):
            x = x_of(position) + offset(number)
            if key == "current":
                values = [column.stats.mean] if column.stats else []
                what = (ngettext("%(round)s: mean %(mean)s, lowest %(low)s, highest %(high)s, %(count)d score",
                                 "%(round)s: mean %(mean)s, lowest %(low)s, highest %(high)s, %(count)d scores",
                                 column.count)
                        % {"round": label, "mean": column.mean_label, "low": column.min_label,
                           "high": column.max_label, "count": column.count}) if column.stats else ""
            elif key == "ideal":
                values = [tp.target_emotion for tp in column.targets if tp.target_emotion is not None]
                what = _("target %(target)s") % {"target": ", ".join(column.target_labels)}
            else:
                round_stats = column.reviews[round_number - 1]
                values = [round_stats.mean] if round_stats else []
                what = (ngettext("%(round)s: mean %(mean)s, %(count)d score",
                                 "%(round)s: mean %(mean)s, %(count)d scores", round_stats.count)
                        % {"round": label, "mean": signed(round_stats.mean), "count": round_stats.count}
                        if round_stats else "")
            if not values:
                points.append(None)
                continue
            for value in values:
                y = y_of(value)
                points.append((x, y))
                count = {}
                if show_counts and key == "current":
                    # Above the point, or below it near the top, where there is no room above.
                    count_y = y - sc.marker - 5 if value < 3.5 else y + sc.marker + sc.small * 0.9
                    count = {"count": f"n={column.count}", "count_y": _n(count_y),
                             "count_backdrop": backdrop(f"n={column.count}", x=x, y=count_y, size=sc.small,
                                                        bold=True, anchor="middle")}
                markers.append(CurveMarker(touchpoint_id=column.touchpoint.pk, index=column.index, x=_n(x),
                                           y=_n(y), d=marker_path(style.shape, x, y, sc.marker),
                                           title=point_title(column, what), **count))
        series.append(CurveSeries(key=key, label=label, style=style, markers=tuple(markers),
                                  path=run_paths(points), measurement=measurement, round_number=round_number))

    # The current journey's spread: a band from the lowest to the highest score, broken like its line.
    bands, run = [], []
    half = sc.marker * 1.8  # a lone touchpoint's band still gets some width
    for position, column in enumerate([*columns, None]):
        if column is not None and column.stats is not None:
            run.append((x_of(position), y_of(column.stats.minimum), y_of(column.stats.maximum)))
            continue
        if run:
            if len(run) == 1:
                x, low, high = run[0]
                run = [(x - half, low, high), (x + half, low, high)]
            outline = [(x, high) for x, _low, high in run] + [(x, low) for x, low, _high in reversed(run)]
            bands.append("M" + " L".join(f"{_n(x)} {_n(y)}" for x, y in outline) + " Z")
        run = []

    curve_stages, position = [], 0
    for stage_number, stage in enumerate(stage for stage in stages if stage.touchpoints.all()):
        span = len(stage.touchpoints.all())
        x0 = left + position * step
        name, cut = truncate(stage.name, span * step - 12, sc.stage_font, bold=True, keep=part_label(stage))
        curve_stages.append(CurveStage(stage=stage, x=_n(x0), width=_n(span * step), mid=_n(x0 + span * step / 2),
                                       name=name, cut=cut, separator=stage_number > 0,
                                       shaded=stage_number % 2 == 1))
        position += span

    grid = tuple(GridLine(y=_n(y_of(value)), label=signed(value, 0), is_zero=value == 0)
                 for value in range(SCORE_MAX, SCORE_MIN - 1, -1))
    return EmotionCurve(
        scale=sc, dom_id=dom_id, title=title, width=_n(width), height=_n(height), plot_left=_n(left),
        plot_right=_n(right), plot_top=_n(top), plot_bottom=_n(bottom), label_x=_n(left - 8),
        stage_top=_n(stage_y - sc.stage_font - 6), stage_height=_n(bottom - stage_y + sc.stage_font + 6),
        stage_y=_n(stage_y), index_y=_n(index_y),
        stages=tuple(curve_stages), columns=tuple(columns), grid=grid, band_paths=tuple(bands),
        series=tuple(series), legend=legend, ideal_only=tuple(ideal_only),
        rounds=tuple(measurement for measurement, _stats in reviews),
        empty_x=_n((left + right) / 2), empty_y=_n(y_of(0) - 12),
    )
